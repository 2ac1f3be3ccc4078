package org.medrobust.suite.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import org.medrobust.reports.json.ResultJson;

/**
 * Entry point of a bench cell's child JVM: arguments as {@link CellRequest#toArgs()}; after every batch one line
 * {@link CellOutcome#PREFIX} + JSON on stdout. Exits 0 when done, 3 on an error (its message on stderr).
 */
public final class CellMain {

    private CellMain() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        runChild(() -> new CellMeasurement(CellRequest.fromArgs(args), start,
                outcome -> emit(CellOutcome.PREFIX, outcome)).run());
    }

    /** A child's body: exits 0 when it returns, 3 on any error (its message on stderr), without shutdown hooks. */
    static void runChild(Runnable body) {
        MemoryProbe.preferAsOomVictim();
        try {
            body.run();
        } catch (Throwable e) {
            System.err.println(e instanceof org.medrobust.datasets.InvalidInputException ? e.getMessage()
                    : "bench cell failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.err.flush();
            Runtime.getRuntime().halt(3);
        }
        Runtime.getRuntime().halt(0); // no engine shutdown hooks: the result is out
    }

    /** One result line: {@code prefix} + the outcome as JSON, flushed at once (a killed child keeps what it printed). */
    static void emit(String prefix, Object outcome) {
        try {
            System.out.println(prefix + ResultJson.compact().writeValueAsString(outcome));
            System.out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
