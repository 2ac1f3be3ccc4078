package org.medrobust.suite.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.reports.bench.BenchReport;
import org.medrobust.reports.bench.BenchSettings;
import org.medrobust.reports.bench.BenchTable;
import org.medrobust.reports.bench.ScalingVerdict;
import org.medrobust.suite.bench.BenchRunner;
import org.medrobust.suite.bench.BenchWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medrobust bench models}: latency, throughput, memory and FLOPs against input resolution, on the CPU or
 * ({@code --device gpu}) on a GPU.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Efficiency profile of the model families on the CPU: parameters, FLOPs, latency (batch 1 and "
                + "more), throughput and peak memory against the input resolution, each (family, resolution) in a "
                + "child JVM of its own; writes bench.json, latency.png, memory.png, flops.png and index.html.",
                "Cells predicted or seen to exceed the limits are recorded as skipped with the reason. --device gpu runs "
                        + "the cells on a GPU (see docs/gpu.md)."})
final class BenchModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchFamilyOptions families;

    @Option(names = "--resolutions", paramLabel = "LIST", split = ",", defaultValue = "28,64,128,256,512",
            description = "Square image sides in pixels (default: ${DEFAULT-VALUE}).")
    List<Integer> resolutions;

    @Option(names = "--batches", paramLabel = "LIST", split = ",", defaultValue = "1,32",
            description = "Batch sizes; throughput is taken at the largest (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--channels", paramLabel = "C", defaultValue = "1",
            description = "Image channels: 1 (gray) or 3 (RGB) (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "7",
            description = "Timed calls per batch after warm-up, fewer when the time limit is near (default: "
                    + "${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--max-seconds-per-cell", paramLabel = "S", defaultValue = "120",
            description = "Time limit of one (family, resolution), JVM start included (default: ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(names = "--max-memory-gb", paramLabel = "G", defaultValue = "8",
            description = "Resident memory budget of one cell's JVM (default: ${DEFAULT-VALUE}).")
    double maxMemoryGb;


    @Option(names = "--out", paramLabel = "DIR", defaultValue = "medrobust-results/bench-models",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        BenchSettings settings = settings();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InvalidInputException(out + ": --out must be a directory, but it is a file");
        }
        PrintWriter err = spec.commandLine().getErr();
        String where = DjlDevices.use(families.device).isGpu() ? "gpu" : "cpu";
        BenchReport report = new BenchRunner(settings, err, where).run();
        BenchWriter.write(report, out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(BenchTable.text(report));
        for (String sentence : ScalingVerdict.sentences(report)) {
            stdout.println("* " + sentence);
        }
        stdout.println("wrote " + out.resolve(BenchWriter.JSON) + ", " + out.resolve(BenchWriter.HTML)
                + " and the charts");
        stdout.flush();
        return ExitCodes.OK;
    }

    BenchSettings settings() {
        List<String> chosen = BenchFamilyOptions.checked(distinct(families.models, "--models"));
        List<Integer> sides = checkedResolutions(resolutions);
        List<Integer> batchSizes = distinct(batches, "--batches");
        for (int b : batchSizes) {
            if (b < 1 || b > 4096) {
                throw new InvalidInputException("--batches: " + b + " must be between 1 and 4096");
            }
        }
        require(channels == 1 || channels == 3, "--channels must be 1 or 3, got " + channels);
        require(repeats >= 1, "--repeats must be at least 1, got " + repeats);
        require(maxSeconds > 0 && Double.isFinite(maxSeconds), "--max-seconds-per-cell must be a positive number, got "
                + maxSeconds);
        require(maxMemoryGb > 0 && Double.isFinite(maxMemoryGb), "--max-memory-gb must be a positive number, got "
                + maxMemoryGb);
        return new BenchSettings(chosen, sides.stream().sorted().toList(), batchSizes.stream().sorted().toList(),
                channels, repeats, maxSeconds, maxMemoryGb);
    }

    /** --resolutions as every bench command takes it: distinct multiples of 4 between 8 and 4096. */
    static List<Integer> checkedResolutions(List<Integer> resolutions) {
        List<Integer> sides = distinct(resolutions, "--resolutions");
        for (int side : sides) {
            if (side < 8 || side > 4096 || side % 4 != 0) {
                throw new InvalidInputException("--resolutions: " + side + " must be a multiple of 4 between 8 and"
                        + " 4096 (the patch sizes divide it)");
            }
        }
        return sides;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }

    private static <T> List<T> distinct(List<T> values, String option) {
        List<T> out = new ArrayList<>(new LinkedHashSet<>(values));
        if (out.isEmpty()) {
            throw new InvalidInputException(option + " needs at least one value");
        }
        return out;
    }
}
