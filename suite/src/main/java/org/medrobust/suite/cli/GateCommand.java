package org.medrobust.suite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.gate.Gates;
import org.medrobust.suite.report.ReportFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medrobust gate}: judges a finished campaign's report.json against a gates file, without rerunning anything,
 * e.g. in a CI job after {@code run} or against a previous release's report. One line per failed gate on stderr.
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = {"Check a report.json against gates (docs/gates.md): absolute, statistical (95% CI lower bound),",
                "relative to a baseline model or to a previous release's report.json.",
                "Prints one line per failed gate; exit 1 if a gate failed, 4 if one could not be evaluated."})
final class GateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--report", required = true, paramLabel = "FILE", description = "The report.json to judge.")
    Path report;

    @Option(names = "--gates", required = true, paramLabel = "FILE",
            description = "YAML with a 'gates:' list (a campaign config serves).")
    Path gates;

    @Option(names = "--previous", paramLabel = "FILE", description = "The previous release's report.json, for "
            + "max_drop_vs_previous gates (overrides their 'previous:').")
    Path previous;

    @Override
    public Integer call() {
        var scenarios = ReportFiles.scenarios(report);
        var specs = ConfigLoader.loadGates(gates);
        Optional<List<org.medrobust.reports.schema.ScenarioResult>> before = Optional.ofNullable(previous)
                .map(ReportFiles::scenarios);
        List<GateVerdict> verdicts = Gates.evaluate(specs, scenarios, before);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long failed = 0;
        long notEvaluated = 0;
        for (GateVerdict v : verdicts) {
            if (v.status() == GateVerdict.Status.FAIL) {
                failed++;
                err.println(line(v));
            } else if (v.status() == GateVerdict.Status.NOT_EVALUATED) {
                notEvaluated++;
                err.println(line(v));
            }
        }
        out.printf(Locale.ROOT, "medrobust gate: %d verdicts on %s: %d pass, %d fail, %d not evaluated%n",
                verdicts.size(), report, verdicts.size() - failed - notEvaluated, failed, notEvaluated);
        out.flush();
        err.flush();
        return failed > 0 ? ExitCodes.GATE_FAILED : notEvaluated > 0 ? ExitCodes.SCENARIOS_FAILED : ExitCodes.OK;
    }

    /** "FAIL accuracy under pgd_linf eps=1/255 >= 0.500 on m@d/test:pgd_linf/s1: accuracy 0.4 ...". */
    static String line(GateVerdict v) {
        return String.format(Locale.ROOT, "%s %s on %s: %s", v.status() == GateVerdict.Status.FAIL ? "FAIL"
                : "NOT EVALUATED", v.gate(), v.subject(), v.detail());
    }
}
