package org.medrobust.suite.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.zoo.BuiltinModels;
import org.medrobust.suite.bench.FaultBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code medrobust bench faults}: single-bit-flip trials per minute (flip, evaluate, restore) for zoo models. */
@Command(name = "faults", mixinStandardHelpOptions = true,
        description = "Single-bit-flip trials per minute for built-in models on phantom test images: each trial flips"
                + " one random weight bit, predicts the images and restores the weights.")
final class BenchFaultsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--models", paramLabel = "LIST", split = ",", defaultValue = "cnn_phantom,vit_phantom",
            description = "Built-in model ids (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--images", paramLabel = "N", defaultValue = "256",
            description = "Images per trial (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "2",
            description = "Parallel model copies, one libtorch thread each (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "30",
            description = "Measured seconds per model (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "0",
            description = "Stop each thread after N trials (0: run for --seconds). The faults are drawn from fixed"
                    + " seeds, so two builds given the same N run the same faults: compare their CPU ms per trial.")
    int maxTrials;

    @Option(names = "--full-forward", description = "Run the whole network per trial, as a campaign does. By default"
            + " a DJL model re-runs only the stages after the faulted tensor, from cached fault-free activations,"
            + " stopping once a stage's output is fault-free again (the same logits bit for bit, tested;"
            + " docs/faults.md).")
    boolean fullForward;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Dataset test = PhantomData.generate(PhantomSpec.DEFAULT).split(Split.TEST);
        ImageBatch batch = test.batch(0, Math.min(images, test.size()));
        out.println("model  parameters  images  threads  trials  seconds  trials/min  cpu-s  trials/min-on-2-idle-cores"
                + "  cpu ms/trial  forward ms  changed trials  early exits  cache fill ms  restored");
        for (String id : models) {
            FaultBenchmark.Result r = FaultBenchmark.run(id, () -> BuiltinModels.load(id), batch, threads, seconds,
                    !fullForward, maxTrials);
            out.println(String.format(Locale.ROOT, "%s  %d  %d  %d  %d  %.1f  %.1f  %.1f  %.1f  %.1f  %.1f  %d  %d  %.0f  %s", r.model(),
                    r.parameters(), r.images(), r.threads(), r.trials(), r.seconds(), r.trialsPerMinute(),
                    r.cpuSeconds(), r.trialsPerMinuteOn(2), r.cpuMillisPerTrial(), r.forwardMillis(), r.changedTrials(), r.earlyExits(),
                    r.cacheMillis(), r.restored()));
            out.flush();
        }
        return ExitCodes.OK;
    }
}
