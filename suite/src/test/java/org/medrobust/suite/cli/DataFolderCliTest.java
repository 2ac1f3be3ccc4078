package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.medmnist.MedMnistLoader;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.suite.cli.CliTest.Result;
import org.medrobust.suite.fixtures.SharedFiles;

/**
 * `medrobust run` on an image folder: twelve real PneumoniaMNIST test X-rays exported as PNG (8-bit, one as 16-bit)
 * and one as DICOM, with a manifest. Oracle: the reference CNN predicts exactly what it predicts on the same images
 * read from the MedMNIST .npz.
 */
class DataFolderCliTest {

    private static final int COUNT = 12;

    @TempDir
    Path tmp;

    private Path npz;
    private Path folder;

    @BeforeEach
    void exportImages() throws IOException {
        npz = SharedFiles.shared("data/medmnist/pneumoniamnist_28.npz");
        Dataset test = MedMnistLoader.load(npz).split(Split.TEST);
        folder = Files.createDirectories(tmp.resolve("xrays"));
        Files.createDirectories(folder.resolve("img"));
        StringBuilder manifest = new StringBuilder("path,label,site,patient\n");
        for (int i = 0; i < COUNT; i++) {
            boolean sixteen = i == 3;
            String name = i == 5 ? "img/x5.dcm" : "img/x" + i + ".png";
            if (i == 5) {
                writeDicom(test.image(i), folder.resolve(name));
            } else {
                write(test.image(i), sixteen, folder.resolve(name));
            }
            manifest.append(name).append(',').append(test.classNames().get(test.label(i))).append(',')
                    .append(i % 2 == 0 ? "north" : "south").append(",p").append(i).append('\n');
        }
        Files.writeString(folder.resolve("manifest.csv"), manifest);
    }

    /** The image's 8-bit values as an 8-bit PNG, or as a 16-bit PNG of value x 257 (the same value in [0, 1]). */
    static void write(Image image, boolean sixteen, Path file) throws IOException {
        int size = image.shape().width();
        BufferedImage png = new BufferedImage(size, size, sixteen ? BufferedImage.TYPE_USHORT_GRAY
                : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int value = Math.round(image.at(0, y, x) * 255);
                png.getRaster().setSample(x, y, 0, sixteen ? value * 257 : value);
            }
        }
        assertThat(ImageIO.write(png, "png", file.toFile())).isTrue();
    }

    /**
     * The image's 8-bit values as an explicit VR little endian DICOM file, MONOCHROME2, with window centre 128 and
     * width 256: the DICOM linear VOI function then maps a stored x to (x - 127.5) / 255 + 0.5 = x / 255.
     */
    static void writeDicom(Image image, Path file) throws IOException {
        int size = image.shape().width();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(out, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII)); // even length
        for (int[] us : new int[][] {{0x0002, 1}, {0x0010, size}, {0x0011, size}, {0x0100, 8}, {0x0101, 8}, {0x0102, 7},
                {0x0103, 0}}) {
            element(out, 0x0028, us[0], "US", new byte[] {(byte) us[1], (byte) (us[1] >> 8)});
        }
        element(out, 0x0028, 0x0004, "CS", "MONOCHROME2 ".getBytes(StandardCharsets.US_ASCII));
        element(out, 0x0028, 0x1050, "DS", "128 ".getBytes(StandardCharsets.US_ASCII));
        element(out, 0x0028, 0x1051, "DS", "256 ".getBytes(StandardCharsets.US_ASCII));
        byte[] pixels = new byte[size * size];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = (byte) Math.round(image.pixels()[p] * 255);
        }
        element(out, 0x7FE0, 0x0010, "OB", pixels);
        Files.write(file, out.toByteArray());
    }

    private static void element(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) group).putShort((short) element).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.equals("OB")) {
            header.putShort((short) 0).putInt(value.length);
        } else {
            header.putShort((short) value.length);
        }
        out.write(header.array(), 0, header.position());
        out.writeBytes(value);
    }

    private static JsonNode report(Path out) throws IOException {
        return ResultJson.pretty().readTree(out.resolve("report.json").toFile());
    }

    private static List<Integer> cleanPredictions(JsonNode report) {
        List<Integer> predictions = new ArrayList<>();
        for (JsonNode scenario : report.get("scenarios")) {
            if (scenario.get("threat").asText().equals("clean")) {
                scenario.get("outcomes").forEach(o -> predictions.add(o.get("prediction").asInt()));
            }
        }
        return predictions;
    }

    @Test
    void aManifestRunPredictsWhatTheNpzRunPredictsOnTheSameImages() throws IOException {
        Path fromNpz = tmp.resolve("npz");
        Path fromManifest = tmp.resolve("manifest");
        Path fromFolder = tmp.resolve("folder");
        Result npzRun = CliTest.cli("run", "--model", "builtin:cnn_pneumonia", "--data", npz.toString(), "--limit",
                String.valueOf(COUNT), "--out", fromNpz.toString());
        Result manifestRun = CliTest.cli("run", "--model", "builtin:cnn_pneumonia", "--data",
                folder.resolve("manifest.csv").toString(), "--out", fromManifest.toString());
        Result folderRun = CliTest.cli("run", "--model", "builtin:cnn_pneumonia", "--data", folder.toString(),
                "--out", fromFolder.toString());
        // the preset's gates may pass or fail on twelve images; anything else is an error
        for (Result result : List.of(npzRun, manifestRun, folderRun)) {
            assertThat(result.exitCode()).as(result.err()).isIn(ExitCodes.OK, ExitCodes.GATE_FAILED);
        }
        JsonNode manifest = report(fromManifest);
        JsonNode data = manifest.get("datasets").get(0);
        assertThat(data.get("kind").asText()).isEqualTo("manifest");
        assertThat(data.get("id").asText()).isEqualTo("xrays/test");
        assertThat(data.get("sha256").asText()).matches("[0-9a-f]{64}")
                .isEqualTo(report(fromFolder).get("datasets").get(0).get("sha256").asText());
        assertThat(data.get("classes")).hasToString("[\"normal\",\"pneumonia\"]");
        List<Integer> expected = cleanPredictions(report(fromNpz));
        assertThat(expected).hasSize(COUNT).contains(0, 1); // both classes predicted: the comparison can fail
        assertThat(cleanPredictions(manifest)).isEqualTo(expected);
        assertThat(cleanPredictions(report(fromFolder))).isEqualTo(expected);
    }

    @Test
    void badDataSourcesExitTwoWithOneLine() throws IOException {
        String out = tmp.resolve("out").toString();
        Files.writeString(folder.resolve("manifest.csv"), "path,label\n../../escape.png,normal\n");
        Result escape = CliTest.cli("run", "--model", "builtin:cnn_pneumonia", "--data", folder.toString(), "--out", out);
        assertThat(escape.exitCode()).as(escape.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(escape.err().strip()).doesNotContain("\n").contains("manifest.csv line 2 (../../escape.png)",
                "leads outside the manifest's folder");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Result noManifest = CliTest.cli("run", "--model", "builtin:cnn_pneumonia", "--data", empty.toString(), "--out", out);
        assertThat(noManifest.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noManifest.err()).contains("needs a manifest.csv");
        Path dicom = Files.copy(SharedFiles.shared("data/dicom/test_files/MR_small.dcm"), tmp.resolve("scan.dcm"));
        Result unlabelled = CliTest.cli("run", "--model", "builtin:cnn_pneumonia", "--data", dicom.toString(), "--out", out);
        assertThat(unlabelled.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unlabelled.err().strip()).doesNotContain("\n").contains("scan.dcm", "carries no class label");
    }

    @Test
    void aConfigDeclaresTheClassesAndLabelOfASingleDicomFile() throws IOException {
        Path dicom = folder.resolve("img/x5.dcm");
        Path config = Files.writeString(tmp.resolve("one.yaml"), """
                seed: 1
                data: [{source: "%s", classes: [normal, pneumonia], label: pneumonia}]
                models: [{source: "builtin:cnn_pneumonia"}]
                threats: [{id: gaussian_noise, severities: [1]}]
                """.formatted(dicom));
        Path out = tmp.resolve("one");
        Result result = CliTest.cli("run", "--config", config.toString(), "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        JsonNode report = report(out);
        assertThat(report.get("datasets").get(0).get("kind").asText()).isEqualTo("dicom");
        assertThat(report.get("config").get("data").get(0).get("label").asText()).isEqualTo("pneumonia");
        JsonNode clean = report.get("scenarios").get(0);
        assertThat(clean.get("threat").asText()).isEqualTo("clean");
        assertThat(clean.get("outcomes")).singleElement().satisfies(o -> assertThat(o.get("label").asInt()).isEqualTo(1));
        // a 64 x 64 file for a 28 x 28 model is refused before anything runs, naming both shapes
        Path mr = Files.copy(SharedFiles.shared("data/dicom/test_files/MR_small.dcm"), tmp.resolve("mr.dcm"));
        Files.writeString(config, Files.readString(config).replace(dicom.toString(), mr.toString()));
        Result misfit = CliTest.cli("run", "--config", config.toString(), "--out", tmp.resolve("two").toString());
        assertThat(misfit.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(misfit.err()).contains("1x28x28", "1x64x64");
    }
}
