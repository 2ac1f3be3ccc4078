package org.medrobust.reports.schema;

/**
 * The verdict of one pass/fail gate.
 *
 * @param gate    the gate's description, e.g. "clean accuracy >= 0.85"
 * @param subject what it was checked on, e.g. a scenario id
 * @param status  pass, fail, or not evaluated (the scenario it needs failed or was skipped: no verdict exists)
 * @param detail  the measured value and threshold in words, or why there is no verdict
 */
public record GateVerdict(String gate, String subject, Status status, String detail) {

    public enum Status {
        PASS, FAIL, NOT_EVALUATED;

        /** As people read it: "pass", "FAIL", "not evaluated". */
        public String label() {
            return switch (this) {
                case PASS -> "pass";
                case FAIL -> "FAIL";
                case NOT_EVALUATED -> "not evaluated";
            };
        }
    }

    public static GateVerdict of(String gate, String subject, boolean passed, String detail) {
        return new GateVerdict(gate, subject, passed ? Status.PASS : Status.FAIL, detail);
    }

    public static GateVerdict notEvaluated(String gate, String subject, String why) {
        return new GateVerdict(gate, subject, Status.NOT_EVALUATED, why);
    }

    public boolean passed() {
        return status == Status.PASS;
    }
}
