package org.medrobust.suite.run;

/** Told about progress in batches; the terminal bar is one, tests use others. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {
    };

    /** Before any work: how many batches there are in all, and how many the journal already holds. */
    default void start(long totalBatches, long alreadyDone) {
    }

    /** A line worth telling before the work starts (e.g. an estimate of a long attack run's duration). */
    default void note(String line) {
    }

    /** After each batch that was computed (not read back from the journal). */
    default void batchDone(String scenarioLabel) {
    }

    /** After each scenario: skipped, failed, or completed. */
    default void scenarioEnded(String scenarioLabel, String status) {
    }

    default void finish() {
    }
}
