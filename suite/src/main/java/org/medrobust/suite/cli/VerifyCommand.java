package org.medrobust.suite.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.medrobust.suite.verify.ResultsVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code medrobust verify DIR}: is this results directory what the campaign wrote? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a results directory: recompute the journal's hash chain (naming every line edited,",
                "removed or reordered, the last line included), rebuild report.json from the journal byte for byte, and",
                "check report-context.json and efficiency.json (schema, recorded SHA-256, agreement with report.json).",
                "Exit 0 when intact, 1 when something was changed (one line each), 2 when DIR is not results."})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A results directory (the --out of a run).")
    Path dir;

    @Override
    public Integer call() {
        ResultsVerifier.Findings findings = ResultsVerifier.verify(dir);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        findings.notes().forEach(n -> out.println("note: " + n));
        findings.problems().forEach(p -> err.println("TAMPERED " + p));
        out.println(findings.intact() ? "medrobust verify: " + dir + " is intact (journal chain, report.json and the "
                + "files beside it)"
                : "medrobust verify: " + dir + ": " + findings.problems().size() + " problem(s)");
        out.flush();
        err.flush();
        return findings.intact() ? ExitCodes.OK : ExitCodes.VERIFY_FAILED;
    }
}
