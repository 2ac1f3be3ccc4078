package org.medrobust.suite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code medrobust bench}: benchmarks; {@code bench models} profiles the model families' cost,
 * {@code bench corruptions} the corruptions' speed, {@code bench attacks} the attack step against PyTorch,
 * {@code bench faults} the fault trials per minute, {@code bench throughput} images/s per family on a device.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {BenchModelsCommand.class, BenchCorruptionsCommand.class, BenchAttacksCommand.class,
                BenchFaultsCommand.class, BenchThroughputCommand.class},
        description = "Benchmarks (see 'bench models', 'bench corruptions', 'bench attacks', 'bench faults' and"
                + " 'bench throughput').")
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: use 'bench models', 'bench corruptions', 'bench attacks', 'bench faults' or 'bench throughput'");
    }
}
