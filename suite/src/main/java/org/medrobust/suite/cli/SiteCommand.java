package org.medrobust.suite.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code medrobust site}: site profiles; {@code site fit} estimates one from a real site's images. */
@Command(name = "site", mixinStandardHelpOptions = true, subcommands = {SiteFitCommand.class},
        description = "Site profiles (virtual hospitals); see 'site fit'.")
final class SiteCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: use 'site fit'");
    }
}
