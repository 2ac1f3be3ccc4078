package org.medrobust.suite.cli;

import org.medrobust.reports.schema.CampaignReport;

/** Process exit codes, for CI pipelines. */
public final class ExitCodes {

    /** The campaign ran, every scenario completed and every gate passed. */
    public static final int OK = 0;
    /** At least one gate failed. */
    public static final int GATE_FAILED = 1;
    /** Bad input or usage: a missing or malformed file, a wrong shape, an unknown option. */
    public static final int BAD_INPUT = 2;
    /** A bug or an environment failure inside medrobust. */
    public static final int INTERNAL_ERROR = 3;
    /** Gates passed, but some scenarios failed (their reasons are in report.json); other results are complete. */
    public static final int SCENARIOS_FAILED = 4;

    private ExitCodes() {
    }

    /** A finished campaign's exit code: a failed gate outranks failed scenarios. */
    public static int forReport(CampaignReport report) {
        if (!report.allGatesPassed()) {
            return GATE_FAILED;
        }
        return report.failedScenarios() > 0 ? SCENARIOS_FAILED : OK;
    }
}
