package org.medrobust.reports.schema;

/**
 * The verdict of one pass/fail gate.
 *
 * @param gate    the gate's description, e.g. "clean accuracy >= 0.85"
 * @param subject what it was checked on, e.g. a scenario id
 * @param passed  whether it held
 * @param detail  the measured value and threshold in words
 */
public record GateVerdict(String gate, String subject, boolean passed, String detail) {
}
