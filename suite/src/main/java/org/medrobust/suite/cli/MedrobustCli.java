package org.medrobust.suite.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.medrobust.datasets.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The medrobust command line: errors are one line (stack traces only with --debug); exit codes in {@link ExitCodes}. */
@Command(name = "medrobust", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {RunCommand.class, GateCommand.class, VerifyCommand.class, ReportCommand.class,
                ListCommand.class, TrainCommand.class, BenchCommand.class, GalleryCommand.class, SiteCommand.class,
                CommandLine.HelpCommand.class},
        description = "How far can a medical-imaging classifier be trusted? Runs robustness campaigns: sensor noise,"
                + " adversarial manipulation, hardware bit flips and cross-hospital shift.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:a gate failed (verify: the results were changed)", "2:bad input or usage", "3:internal error",
                "4:some scenarios failed (the rest of the results are complete)"})
public final class MedrobustCli {

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean debug;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int execute(String... args) {
        ProcessSettings.ensureOffline();
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MedrobustCli());
        cli.setParameterExceptionHandler(MedrobustCli::onUsageError);
        cli.setExecutionExceptionHandler(MedrobustCli::onError);
        return cli;
    }

    private static int onUsageError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("medrobust: " + e.getMessage() + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                + " --help')");
        return ExitCodes.BAD_INPUT;
    }

    private static int onError(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        boolean debug = parseResult.matchedOption("--debug") != null
                || (parseResult.subcommand() != null && parseResult.subcommand().matchedOption("--debug") != null);
        if (debug) {
            e.printStackTrace(err);
        }
        if (e instanceof InvalidInputException) {
            err.println("medrobust: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof UncheckedIOException) {
            err.println("medrobust: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        err.println("medrobust: internal error: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                + (debug ? "" : " (run with --debug for the stack trace)"));
        return ExitCodes.INTERNAL_ERROR;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
