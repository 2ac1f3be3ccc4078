package org.medrobust.suite.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.medrobust.attacks.evasion.gradient.PgdStepTimer;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.InputGradients;
import org.medrobust.models.host.InputSpecText;
import org.medrobust.models.torchscript.TorchScriptClassifier;
import org.medrobust.models.zoo.BuiltinModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medrobust bench attacks}: the time of one PGD step (gradient of the whole batch, step, projection), for a
 * TorchScript model against PyTorch eager mode on the same machine in the same run, and for each zoo model, with
 * what a PGD-10 scenario over 1,000 images would cost.
 */
@Command(name = "attacks", mixinStandardHelpOptions = true,
        description = "Time one PGD step per model (and against PyTorch eager for a TorchScript file).")
final class BenchAttacksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--torchscript", paramLabel = "FILE",
            description = "a TorchScript model to time against PyTorch eager mode (needs --python with torch)")
    Path torchscript;

    @Option(names = "--input-shape", paramLabel = "CxHxW", defaultValue = "1x28x28",
            description = "input shape of the --torchscript model (default: ${DEFAULT-VALUE})")
    String inputShape;

    @Option(names = "--python", paramLabel = "EXE", defaultValue = "/usr/bin/python3",
            description = "Python with torch for the eager reference (default: ${DEFAULT-VALUE})")
    String python;

    @Option(names = "--zoo", paramLabel = "LIST", split = ",", defaultValue = "cnn_phantom,vit_phantom,vim_phantom,"
            + "vmamba_phantom,medmamba_phantom", description = "built-in models to time; 'none' for none "
            + "(default: ${DEFAULT-VALUE})")
    List<String> zoo;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "100", description = "images per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "20",
            description = "timed steps, the median is reported (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "untimed steps first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "alternating medrobust / PyTorch rounds for --torchscript (default: ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "one PGD L-inf step, batch %d, median of %d after %d warm-up, 1 libtorch thread%n",
                batch, repeats, warmup);
        if (torchscript != null) {
            ImageShape shape = InputSpecText.shape(torchscript, "--input-shape", inputShape);
            double[] ratios = new double[rounds];
            try (Classifier model = TorchScriptClassifier.load(torchscript, shape, null)) {
                // alternating rounds, so that a change in machine load hits both sides alike
                for (int r = 0; r < rounds; r++) {
                    double java = PgdStepTimer.secondsPerStep(model, batch, warmup, repeats);
                    double eager = eager(torchscript, shape);
                    ratios[r] = java / eager;
                    out.printf(Locale.ROOT, "%-28s round %d: medrobust %8.2f ms   PyTorch eager %8.2f ms   ratio %.2f%n",
                            torchscript.getFileName(), r + 1, java * 1e3, eager * 1e3, ratios[r]);
                    out.flush();
                }
            }
            java.util.Arrays.sort(ratios);
            out.printf(Locale.ROOT, "%-28s median ratio medrobust / PyTorch eager over %d rounds: %.2f%n",
                    torchscript.getFileName(), rounds, ratios[rounds / 2]);
        }
        for (String id : zoo) {
            if (id.equals("none")) {
                continue;
            }
            try (Classifier model = BuiltinModels.load(id)) {
                if (model.capability(InputGradients.class).isEmpty()) {
                    out.printf(Locale.ROOT, "%-28s no input gradients%n", id);
                    continue;
                }
                double seconds = PgdStepTimer.secondsPerStep(model, batch, warmup, repeats);
                out.printf(Locale.ROOT, "%-28s medrobust %8.2f ms   %.3f ms/image   PGD-10 on 1000 images ~ %.0f s%n",
                        id, seconds * 1e3, seconds * 1e3 / batch, seconds * 10 * 1000 / batch);
                out.flush();
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private double eager(Path model, ImageShape shape) throws IOException, InterruptedException {
        Path script = Files.createTempFile("medrobust-pgd-step", ".py");
        try (InputStream in = getClass().getResourceAsStream("/org/medrobust/suite/bench/pgd_step.py")) {
            Files.write(script, in.readAllBytes());
            Process p = new ProcessBuilder(python, script.toString(), model.toString(),
                    String.valueOf(shape.channels()), String.valueOf(shape.height()), String.valueOf(shape.width()),
                    String.valueOf(batch), String.valueOf(warmup), String.valueOf(repeats))
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new InvalidInputException(python + " could not time the PyTorch reference: "
                        + output.lines().reduce((a, b) -> b).orElse(""));
            }
            return Double.parseDouble(output.lines().reduce((a, b) -> b).orElseThrow());
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
