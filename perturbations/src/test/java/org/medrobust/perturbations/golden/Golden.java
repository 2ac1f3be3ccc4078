package org.medrobust.perturbations.golden;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.npz.NpyArray;
import org.medrobust.datasets.npz.NpzArchive;

/**
 * The reference outputs in ../shared/golden/corruptions (official ImageNet-C and MedMNIST-C code on real MedMNIST
 * images; see its README.md), read with the project's own npz reader. Tests are skipped when the folder is absent.
 */
final class Golden {

    private Golden() {
    }

    static Path dir() {
        String shared = System.getProperty("medrobust.shared.dir", "../../shared");
        Path dir = Path.of(shared, "golden", "corruptions");
        assumeTrue(Files.isDirectory(dir), "golden corruption data not found at " + dir + "; skipping");
        return dir;
    }

    /** Every index.json entry of one source ("imagenet_c_cifar" or "medmnist_c"). */
    static List<JsonNode> entries(String source) {
        try {
            JsonNode index = new ObjectMapper().readTree(dir().resolve("index.json").toFile());
            List<JsonNode> entries = new ArrayList<>();
            index.get("files").forEach(entry -> {
                if (entry.get("source").asText().equals(source)) {
                    entries.add(entry);
                }
            });
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, NpyArray> read(JsonNode entry) {
        return NpzArchive.read(dir().resolve(entry.get("file").asText()));
    }

    /** The clean inputs as images (gray: 1 channel; RGB: 3, channels first), values level / 255. */
    static List<Image> inputs(NpyArray input) {
        int n = input.dim(0);
        int h = input.dim(1);
        int w = input.dim(2);
        int c = input.ndim() == 4 ? input.dim(3) : 1;
        double[] values = input.toDoubles();
        List<Image> images = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            float[] pixels = new float[c * h * w];
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < h * w; i++) {
                    pixels[ch * h * w + i] = (float) (values[(k * h * w + i) * c + ch] / 255.0);
                }
            }
            images.add(new Image(new ImageShape(c, h, w), pixels));
        }
        return images;
    }

    /** Channel {@code channel} of image k of an (N, H, W, C) or (N, H, W) output, in gray levels 0..255. */
    static double[] plane(NpyArray output, int k, int channel) {
        int h = output.dim(1);
        int w = output.dim(2);
        int c = output.ndim() == 4 ? output.dim(3) : 1;
        double[] values = output.toDoubles();
        double[] plane = new double[h * w];
        for (int i = 0; i < h * w; i++) {
            plane[i] = values[(k * h * w + i) * c + channel];
        }
        return plane;
    }

    /** BT.601 luma (float) of image k of an (N, H, W, 3) output, in gray levels. */
    static double[] lumaPlane(NpyArray output, int k) {
        double[] r = plane(output, k, 0);
        double[] g = plane(output, k, 1);
        double[] b = plane(output, k, 2);
        double[] y = new double[r.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i];
        }
        return y;
    }

    /** Channel c of an image in gray levels (not rounded). */
    static double[] levels(Image image, int c) {
        int n = image.shape().height() * image.shape().width();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = image.pixels()[c * n + i] * 255.0;
        }
        return out;
    }

    /** The reference's final {@code astype(np.uint8)} (truncation); the guard absorbs float32 storage of k / 255. */
    static int[] truncated(Image image) {
        float[] p = image.pixels();
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (int) Math.floor(p[i] * 255.0 + 1e-4);
        }
        return out;
    }

    /** Rounded to 8 bits (what an 8-bit PNG written by ImageMagick holds). */
    static int[] rounded(Image image) {
        float[] p = image.pixels();
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (int) Math.round(p[i] * 255.0);
        }
        return out;
    }

    /** Reference metrics of one output against the clean image: psnr (capped at 100 dB), mae, frac_changed. */
    static double[] metrics(int[] out, int[] clean) {
        double se = 0;
        double ae = 0;
        int changed = 0;
        for (int i = 0; i < out.length; i++) {
            int d = out[i] - clean[i];
            se += (double) d * d;
            ae += Math.abs(d);
            changed += d != 0 ? 1 : 0;
        }
        double mse = se / out.length;
        double psnr = mse == 0 ? 100 : 10 * Math.log10(255.0 * 255.0 / mse);
        return new double[] {psnr, ae / out.length, (double) changed / out.length};
    }
}
