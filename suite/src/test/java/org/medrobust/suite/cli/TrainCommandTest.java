package org.medrobust.suite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.medmnist.MedMnistLoader;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.djl.DjlClassifier;
import org.medrobust.models.training.Evaluation;
import org.medrobust.models.training.ModelCard;
import org.medrobust.models.zoo.ShippedModels;
import org.medrobust.models.zoo.TrainedModels;
import org.medrobust.suite.cli.CliTest.Result;
import org.medrobust.suite.fixtures.SharedFiles;

/** {@code medrobust train}: one-line errors with exit 2, and a tiny run end to end. */
class TrainCommandTest {

    @TempDir
    Path tmp;

    private static void assertOneLineError(Result result, String... fragments) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err().strip()).doesNotContain("\n").doesNotContain("\tat ").startsWith("medrobust: ")
                .contains(fragments);
    }

    @Test
    void badOptionsExitTwoWithOneLine() throws IOException {
        String out = tmp.resolve("out").toString();
        assertOneLineError(CliTest.cli("train", "--data", "builtin:phantom"), "--model");
        assertOneLineError(CliTest.cli("train", "--model", "cnn"), "--data");
        assertOneLineError(CliTest.cli("train", "--model", "resnet", "--data", "builtin:phantom", "--out", out),
                "unknown model 'resnet'", "cnn, vit");
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", "builtin:phantom", "--epochs", "0",
                "--out", out), "--epochs must be at least 1, got 0");
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", "builtin:phantom", "--epochs", "many"),
                "--epochs");
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", "builtin:phantom", "--patience", "-1",
                "--out", out), "--patience");
        assertOneLineError(CliTest.cli("train", "--model", "vit", "--data", "builtin:phantom", "--lr", "0",
                "--out", out), "--lr must be a positive number");
        assertOneLineError(CliTest.cli("train", "--model", "vit", "--data", "builtin:phantom", "--warmup", "5",
                "--epochs", "5", "--out", out), "--warmup");
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", "builtin:phantom", "--augment", "mixup",
                "--out", out), "unknown augmentation 'mixup'");
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", "builtin:phantom", "--metric", "f1",
                "--out", out), "unknown validation metric 'f1'");
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", "builtin:phantom", "--id", "../x",
                "--out", out), "--id '../x'");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void badDataExitTwoNamingIt() throws IOException {
        String out = tmp.resolve("out").toString();
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", tmp.resolve("nope.npz").toString(),
                "--out", out), "nope.npz", "data file not found");
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", tmp.toString(), "--out", out),
                "needs a manifest.csv");
        Path csv = Files.writeString(tmp.resolve("scans.csv"), "1,2,3");
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", csv.toString(), "--out", out),
                "scans.csv");
        Path text = Files.writeString(tmp.resolve("scans.txt"), "1,2,3");
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", text.toString(), "--out", out),
                "scans.txt", "unsupported data format");
        Path notZip = Files.writeString(tmp.resolve("broken.npz"), "not a zip");
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", notZip.toString(), "--out", out),
                "broken.npz");
        Path trainOnly = writeTrainOnlyNpz(tmp.resolve("trainonly.npz"));
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", trainOnly.toString(), "--out", out),
                "trainonly", "no val split");
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", "builtin:chest", "--out", out),
                "unknown built-in data set 'chest'");
        Path file = Files.writeString(tmp.resolve("afile"), "");
        assertOneLineError(CliTest.cli("train", "--model", "cnn", "--data", "builtin:phantom", "--out",
                file.toString()), "afile", "directory");
    }

    @Test
    void aTinyRunWritesWeightsAndACardThatLoadsAndScoresAsItSays() throws IOException {
        Path out = tmp.resolve("models");
        Result result = CliTest.cli("train", "--model", "vit", "--data", "builtin:phantom", "--epochs", "2",
                "--limit", "48", "--batch-size", "24", "--patience", "1", "--class-weighted", "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("vit_phantom", "wrote", "test  accuracy");
        ModelCard card = ModelCard.fromJson(Files.readString(out.resolve("vit_phantom.card.json")), "card");
        assertThat(card.id()).isEqualTo("vit_phantom");
        assertThat(card.kind()).isEqualTo("djl-vit");
        assertThat(card.training().maxEpochs()).isEqualTo(2);
        assertThat(card.training().classWeights()).isNotNull();
        assertThat(card.training().earlyStoppingMetric()).isEqualTo("auc");
        assertThat(card.metrics("test").samples()).isEqualTo(48);
        var test = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST);
        var first48 = new org.medrobust.datasets.ArrayDataset("t", test.shape(), test.batch(0, 48).data(),
                test.labels(0, 48), test.classNames());
        try (DjlClassifier model = TrainedModels.load(card, Files.readAllBytes(out.resolve("vit_phantom.params")),
                "trained")) {
            assertThat(Evaluation.evaluate(model, first48).correct()).isEqualTo(card.metrics("test").correct());
        }
    }

    @Test
    void aManifestFolderTrainsTheSameWeightsAsTheNpzItsImagesCameFrom() throws IOException {
        // the first 16 images of each split of the real PneumoniaMNIST npz, exported as 8-bit PNGs (exactly the npz's
        // values) with a split column; one test row is a DICOM file (test images do not touch the weights)
        Path npz = SharedFiles.shared("data/medmnist/pneumoniamnist_28.npz");
        int count = 16;
        Path folder = Files.createDirectories(tmp.resolve("xrays/img"));
        StringBuilder manifest = new StringBuilder("path,label,split\n");
        for (Split split : Split.values()) {
            Dataset images = MedMnistLoader.load(npz).split(split);
            for (int i = 0; i < count; i++) {
                boolean dicom = split == Split.TEST && i == 3;
                String name = "img/" + split.key() + i + (dicom ? ".dcm" : ".png");
                if (dicom) {
                    DataFolderCliTest.writeDicom(images.image(i), folder.resolveSibling(name));
                } else {
                    DataFolderCliTest.write(images.image(i), false, folder.resolveSibling(name));
                }
                manifest.append(name).append(',').append(images.classNames().get(images.label(i))).append(',')
                        .append(split.key()).append('\n');
            }
        }
        Files.writeString(folder.resolveSibling("manifest.csv"), manifest);
        Path fromNpz = tmp.resolve("npz");
        Path fromFolder = tmp.resolve("folder");
        Result npzRun = CliTest.cli("train", "--model", "cnn", "--data", npz.toString(), "--limit", String.valueOf(count),
                "--epochs", "1", "--batch-size", "8", "--id", "m", "--out", fromNpz.toString());
        Result folderRun = CliTest.cli("train", "--model", "cnn", "--data", folder.getParent().toString(), "--epochs", "1",
                "--batch-size", "8", "--id", "m", "--out", fromFolder.toString());
        assertThat(npzRun.exitCode()).as(npzRun.err()).isEqualTo(ExitCodes.OK);
        assertThat(folderRun.exitCode()).as(folderRun.err()).isEqualTo(ExitCodes.OK);
        assertThat(folderRun.out()).contains("on xrays: 16 train / 16 val images");
        assertThat(Files.readAllBytes(fromFolder.resolve("m.params"))).isEqualTo(Files.readAllBytes(fromNpz.resolve("m.params")));
        ModelCard card = ModelCard.fromJson(Files.readString(fromFolder.resolve("m.card.json")), "card");
        assertThat(card.metrics("test").samples()).isEqualTo(count);
    }

    @Test
    void initStartsFromShippedOrWrittenWeightsAndTheCardSaysSo() throws IOException {
        Path out = tmp.resolve("models");
        // lr 1e-9: the run keeps the shipped vit_phantom's weights, so it scores like it, far above a fresh 1-epoch run
        Result result = CliTest.cli("train", "--model", "vit", "--data", "builtin:phantom", "--epochs", "1",
                "--limit", "64", "--lr", "1e-9", "--weight-decay", "0", "--init", "builtin:vit_phantom",
                "--out", out.toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).contains("starting from builtin:vit_phantom");
        ModelCard card = ModelCard.fromJson(Files.readString(out.resolve("vit_phantom.card.json")), "card");
        assertThat(card.training().initialWeights()).isEqualTo("builtin:vit_phantom (weights SHA-256 "
                + ShippedModels.card("vit_phantom").weights().sha256() + ")");
        var test = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST);
        var first64 = new org.medrobust.datasets.ArrayDataset("t", test.shape(), test.batch(0, 64).data(),
                test.labels(0, 64), test.classNames());
        try (DjlClassifier shipped = ShippedModels.load("vit_phantom")) {
            int shippedCorrect = Evaluation.evaluate(shipped, first64).correct();
            assertThat(shippedCorrect).isGreaterThan(48);
            // close, not equal: the run standardises with the statistics of its 64 training images, not of 3 000
            assertThat(card.metrics("test").correct()).isBetween(shippedCorrect - 4, shippedCorrect + 4);
        }
        Path card1 = out.resolve("vit_phantom.card.json");
        Result chained = CliTest.cli("train", "--model", "vit", "--data", "builtin:phantom", "--epochs", "1",
                "--limit", "32", "--init", card1.toString(), "--id", "again", "--out", out.toString());
        assertThat(chained.exitCode()).as(chained.err()).isEqualTo(ExitCodes.OK);
        assertThat(ModelCard.fromJson(Files.readString(out.resolve("again.card.json")), "card").training()
                .initialWeights()).startsWith(card1 + " (weights SHA-256 " + card.weights().sha256());
    }

    @Test
    void badInitWeightsExitTwoNamingThem() throws IOException {
        String out = tmp.resolve("o").toString();
        assertOneLineError(CliTest.cli("train", "--model", "vit", "--data", "builtin:phantom", "--init",
                "builtin:nope", "--out", out), "builtin:nope", "no such trained built-in model");
        assertOneLineError(CliTest.cli("train", "--model", "vit", "--data", "builtin:phantom", "--limit", "16",
                "--init", "builtin:cnn_phantom", "--out", out), "builtin:cnn_phantom", "'resnet-v1'", "'vit'");
        assertOneLineError(CliTest.cli("train", "--model", "vit", "--data", "builtin:phantom", "--init",
                tmp.resolve("weights.params").toString(), "--out", out), "weights.params", ".card.json");
        Path card = tmp.resolve("x.card.json");
        Files.writeString(card, ShippedModels.card("vit_phantom").toJson());
        assertOneLineError(CliTest.cli("train", "--model", "vit", "--data", "builtin:phantom", "--init",
                card.toString(), "--out", out), "vit_phantom.params", "file not found");
        Files.write(tmp.resolve("vit_phantom.params"), new byte[] {1, 2, 3});
        assertOneLineError(CliTest.cli("train", "--model", "vit", "--data", "builtin:phantom", "--init",
                card.toString(), "--out", out), "vit_phantom.params", "not the weights its card");
    }

    @Test
    void shortNamesOfDataSets() {
        assertThat(TrainCommand.shortName("pneumoniamnist_28")).isEqualTo("pneumonia");
        assertThat(TrainCommand.shortName("breastmnist")).isEqualTo("breast");
        assertThat(TrainCommand.shortName("phantom")).isEqualTo("phantom");
        assertThat(TrainCommand.shortName("ward 3")).isEqualTo("ward_3");
    }

    /** An .npz with 4 train images (2x2 uint8) and labels, and no val split. */
    private static Path writeTrainOnlyNpz(Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("train_images.npy"));
            zip.write(npy("|u1", "(4, 2, 2)", new byte[16]));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("train_labels.npy"));
            zip.write(npy("|u1", "(4,)", new byte[] {0, 1, 0, 1}));
            zip.closeEntry();
        }
        return file;
    }

    private static byte[] npy(String dtype, String shape, byte[] data) throws IOException {
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = 10 + header.length() + 1;
        header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        bytes.write(header.length() & 0xff);
        bytes.write(header.length() >> 8);
        bytes.write(header.getBytes(StandardCharsets.US_ASCII));
        bytes.write(data);
        return bytes.toByteArray();
    }
}
