package org.medrobust.junit;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.schema.GateVerdict;

/**
 * A finished campaign as a test sees it: where its results are, its report, and its gate verdicts as dynamic tests.
 *
 * @param dir    the results directory (report.json, index.html, journal ...), for a CI job to publish
 * @param report the report
 */
public record CampaignResult(Path dir, CampaignReport report) {

    /**
     * One dynamic test per gate verdict, named after the gate and its subject: a FAIL fails it with the measured value,
     * a verdict that could not be evaluated (its scenario failed) fails it with the reason, a PASS passes. A campaign
     * without gates gives one failing test: a release gate that checks nothing must not pass.
     */
    public Stream<DynamicTest> gateTests() {
        if (report.gates().isEmpty()) {
            return Stream.of(DynamicTest.dynamicTest("gates", () -> Assertions.fail("campaign '" + report.campaign()
                    + "' has no gates: add a 'gates:' list to its config (docs/gates.md)")));
        }
        return report.gates().stream().map(g -> DynamicTest.dynamicTest(g.gate() + " on " + g.subject(), () -> {
            switch (g.status()) {
                case PASS -> { }
                case FAIL -> Assertions.fail("gate " + g.gate() + " failed on " + g.subject() + ": " + g.detail());
                case NOT_EVALUATED -> Assertions.fail("gate " + g.gate() + " could not be evaluated on "
                        + g.subject() + ": " + g.detail());
            }
        }));
    }

    /** Verdicts that fail the build (FAIL or not evaluated). */
    public long failingGates() {
        return report.gates().stream().filter(g -> g.status() != GateVerdict.Status.PASS).count();
    }
}
