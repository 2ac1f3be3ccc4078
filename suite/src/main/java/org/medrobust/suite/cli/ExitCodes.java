package org.medrobust.suite.cli;

import org.medrobust.reports.schema.CampaignReport;

/** Process exit codes, for CI pipelines. */
public final class ExitCodes {

    /** The campaign ran, every scenario completed and every gate passed. */
    public static final int OK = 0;
    /** At least one gate failed. */
    public static final int GATE_FAILED = 1;
    /**
     * {@code medrobust verify} found the results changed after they were written (the same code as a failed gate: a
     * check on the results failed).
     */
    public static final int VERIFY_FAILED = 1;
    /** Bad input or usage: a missing or malformed file, a wrong shape, an unknown option. */
    public static final int BAD_INPUT = 2;
    /** A bug or an environment failure inside medrobust. */
    public static final int INTERNAL_ERROR = 3;
    /**
     * No gate failed, but some scenarios failed (their reasons are in report.json) or a gate could not be evaluated
     * because its scenario failed; the other results are complete.
     */
    public static final int SCENARIOS_FAILED = 4;

    private ExitCodes() {
    }

    /**
     * A finished campaign's exit code. Precedence: a gate that was evaluated and failed (1) outranks failed
     * scenarios and gates left without a verdict (4); 0 only when every scenario completed (or was skipped with a
     * reason) and every gate was evaluated and passed. Input errors (2) and internal errors (3) stop a run before
     * it gets here.
     */
    public static int forReport(CampaignReport report) {
        if (report.anyGateFailed()) {
            return GATE_FAILED;
        }
        return report.failedScenarios() > 0 || report.gatesNotEvaluated() > 0 ? SCENARIOS_FAILED : OK;
    }
}
