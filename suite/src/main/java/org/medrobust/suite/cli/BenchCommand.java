package org.medrobust.suite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code medrobust bench}: benchmarks; {@code bench models} profiles the model families' cost. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchModelsCommand.class,
        BenchFaultsCommand.class},
        description = "Benchmarks (see 'bench models', 'bench faults').")
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: use 'bench models'");
    }
}
