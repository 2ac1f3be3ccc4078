package org.medrobust.suite.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.suite.bench.CorruptionBench;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.inputs.LoadedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code medrobust bench corruptions}: images per second of each corruption, one thread. */
@Command(name = "corruptions", mixinStandardHelpOptions = true,
        description = "Speed of the corruptions: each applied to N images at every severity on one thread (after a"
                + " warm-up), reported as images/second.")
final class BenchCorruptionsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ImageSourceOptions source;

    @Option(names = "--images", paramLabel = "N", defaultValue = "1000",
            description = "Images: the first N of the split (default: ${DEFAULT-VALUE}).")
    int images;

    @Override
    public Integer call() {
        if (images < 1) {
            throw new InvalidInputException("--images must be >= 1, got " + images);
        }
        List<String> ids = source.corruptionIds();
        LoadedData loaded = new DefaultInputLoader().loadData(new DataSpec(source.data, source.split, images));
        List<Image> batch = new ArrayList<>();
        for (int i = 0; i < loaded.size(); i++) {
            batch.add(loaded.dataset().image(i));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%d images of %s (%s), one thread%n", batch.size(), loaded.key(),
                batch.getFirst().shape());
        out.printf(Locale.ROOT, "%-44s %9s %12s %9s %14s%n", "corruption", "seconds", "images/s", "cpu s",
                "images/cpu-s");
        double total = 0;
        double totalCpu = 0;
        for (CorruptionBench.Row row : CorruptionBench.run(ids, batch, source.seed)) {
            out.printf(Locale.ROOT, "%-44s %9.3f %12.0f %9.3f %14.0f%n", row.id(), row.seconds(),
                    row.imagesPerSecond(), row.cpuSeconds(), row.imagesPerCpuSecond());
            out.flush();
            total += row.seconds();
            totalCpu += row.cpuSeconds();
        }
        out.printf(Locale.ROOT, "total %.1f s wall, %.1f s CPU for %d corruptions x %d images x their severities%n",
                total, totalCpu, ids.size(), batch.size());
        return ExitCodes.OK;
    }
}
