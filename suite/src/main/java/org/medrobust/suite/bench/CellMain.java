package org.medrobust.suite.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintStream;
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
        MemoryProbe.preferAsOomVictim();
        PrintStream out = System.out;
        try {
            CellRequest request = CellRequest.fromArgs(args);
            new CellMeasurement(request, start, outcome -> {
                try {
                    out.println(CellOutcome.PREFIX + ResultJson.compact().writeValueAsString(outcome));
                    out.flush();
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }).run();
        } catch (Throwable e) {
            System.err.println("bench cell failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.err.flush();
            Runtime.getRuntime().halt(3);
        }
        Runtime.getRuntime().halt(0); // no engine shutdown hooks: the result is out
    }
}
