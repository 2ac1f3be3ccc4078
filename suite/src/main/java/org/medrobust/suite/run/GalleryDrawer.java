package org.medrobust.suite.run;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import javax.imageio.ImageIO;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.threat.ThreatFamily;
import org.medrobust.models.Logits;
import org.medrobust.reports.html.ReportContext;
import org.medrobust.suite.inputs.LoadedData;
import org.medrobust.suite.inputs.LoadedModel;
import org.medrobust.suite.plan.Scenario;

/**
 * The report's gallery: the first few samples of each model's first data set, clean and under the first scenario of
 * each image-changing family (a corruption, a site shift, an attack), with the model's prediction on each. Each
 * image is recomputed with the scenario's own per-sample random stream ({@link SampleRandom}), so it is exactly the
 * image the campaign evaluated. Fault scenarios are left out: they change the weights, not the image.
 */
public final class GalleryDrawer {

    /** Samples per model: enough to look at, cheap to recompute (an attack reruns on these only). */
    public static final int SAMPLES = 4;

    private static final List<ThreatFamily> SHOWN = List.of(ThreatFamily.PERTURBATION, ThreatFamily.DOMAIN_SHIFT,
            ThreatFamily.EVASION);

    private GalleryDrawer() {
    }

    public static List<ReportContext.GalleryItem> draw(long seed, List<Scenario> plan, List<LoadedModel> models,
            List<LoadedData> data) {
        Map<String, LoadedData> byKey = new LinkedHashMap<>();
        data.forEach(d -> byKey.put(d.key(), d));
        List<ReportContext.GalleryItem> items = new ArrayList<>();
        for (LoadedModel model : models) {
            List<Scenario> mine = plan.stream().filter(s -> s.modelId().equals(model.id()) && s.runnable()).toList();
            if (mine.isEmpty()) {
                continue;
            }
            LoadedData d = byKey.get(mine.getFirst().dataKey());
            List<Scenario> shown = new ArrayList<>();
            for (ThreatFamily family : SHOWN) {
                mine.stream().filter(s -> s.dataKey().equals(d.key()) && s.threat().family() == family).findFirst()
                        .ifPresent(shown::add);
            }
            items.addAll(drawModel(seed, model, d, shown));
        }
        return items;
    }

    private static List<ReportContext.GalleryItem> drawModel(long seed, LoadedModel model, LoadedData d,
            List<Scenario> shown) {
        int n = Math.min(SAMPLES, d.size());
        if (n == 0) {
            return List.of();
        }
        ImageBatch clean = d.dataset().batch(0, n);
        int[] labels = d.dataset().labels(0, n);
        List<List<ReportContext.Panel>> panels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            panels.add(new ArrayList<>());
        }
        addPanels(panels, "clean", clean, model.classifier().predict(clean), labels, model);
        for (Scenario s : shown) {
            List<RandomGenerator> randoms = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                randoms.add(SampleRandom.of(seed, s.randomKey(), i));
            }
            try {
                ThreatApplication.BatchResult result = ThreatApplications.forThreat(s.threat())
                        .apply(model.classifier(), clean, labels, randoms);
                addPanels(panels, s.threat().id() + (s.threat().severity() == 0 ? "" : " s" + s.threat().severity()),
                        result.inputs(), result.logits(), labels, model);
            } catch (RuntimeException e) {
                // illustrative only: a threat that cannot be redrawn here leaves its column out; its result stands
            }
        }
        List<ReportContext.GalleryItem> items = new ArrayList<>();
        List<String> names = d.dataset().classNames();
        for (int i = 0; i < n; i++) {
            items.add(new ReportContext.GalleryItem(model.id(), d.key(), i, name(names, labels[i]), panels.get(i)));
        }
        return items;
    }

    private static void addPanels(List<List<ReportContext.Panel>> panels, String caption, ImageBatch images,
            Logits logits, int[] labels, LoadedModel model) {
        List<String> names = model.classifier().classNames();
        for (int i = 0; i < panels.size(); i++) {
            int predicted = logits.hasNonFinite(i) ? -1 : logits.argmax(i);
            panels.get(i).add(new ReportContext.Panel(caption, png(images.image(i)),
                    predicted < 0 ? "non-finite" : name(names, predicted), predicted == labels[i]));
        }
    }

    private static String name(List<String> names, int index) {
        return index >= 0 && index < names.size() ? names.get(index) : String.valueOf(index);
    }

    /** Gray or RGB PNG of an image in [0, 1], as a data URI; ImageIO writes no timestamp, so equal images give equal bytes. */
    static String png(Image image) {
        int c = image.shape().channels();
        int h = image.shape().height();
        int w = image.shape().width();
        BufferedImage out = new BufferedImage(w, h, c == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (c == 3) {
                    out.setRGB(x, y, (byte255(image.at(0, y, x)) << 16) | (byte255(image.at(1, y, x)) << 8)
                            | byte255(image.at(2, y, x)));
                } else {
                    out.getRaster().setSample(x, y, 0, byte255(image.at(0, y, x)));
                }
            }
        }
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            ImageIO.write(out, "png", bytes);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a gallery image", e);
        }
    }

    private static int byte255(float value) {
        return Math.round(Math.max(0f, Math.min(1f, value)) * 255f);
    }
}
