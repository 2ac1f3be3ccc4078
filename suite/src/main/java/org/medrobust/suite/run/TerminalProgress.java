package org.medrobust.suite.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress bar with ETA on stderr. On a terminal it redraws one line; in a log (CI) it prints a line at every
 * tenth of the work, so logs stay short.
 */
public final class TerminalProgress implements ProgressListener {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean interactive;
    private long total;
    private long done;
    private long doneAtStart;
    private long startNanos;
    private int lastDecile = -1;

    public TerminalProgress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    public static TerminalProgress onStderr() {
        java.io.Console console = System.console();
        return new TerminalProgress(System.err, console != null && console.isTerminal());
    }

    @Override
    public void start(long totalBatches, long alreadyDone) {
        total = Math.max(1, totalBatches);
        done = alreadyDone;
        doneAtStart = alreadyDone;
        startNanos = System.nanoTime();
        if (alreadyDone > 0) {
            out.printf(Locale.ROOT, "resuming: %d of %d batches already in the journal%n", alreadyDone, totalBatches);
        }
    }

    @Override
    public void note(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public void batchDone(String scenarioLabel) {
        done++;
        draw(scenarioLabel);
    }

    @Override
    public void scenarioEnded(String scenarioLabel, String status) {
        if (!"completed".equals(status)) {
            if (interactive) {
                out.print("\r\033[K");
            }
            out.println(scenarioLabel + ": " + status);
        }
    }

    @Override
    public void finish() {
        if (interactive) {
            out.println();
        }
    }

    private void draw(String label) {
        double fraction = Math.min(1.0, (double) done / total);
        int decile = (int) (fraction * 10);
        if (!interactive && decile == lastDecile) {
            return;
        }
        lastDecile = decile;
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String line = String.format(Locale.ROOT, "[%s] %3.0f%% %d/%d batches  ETA %s  %s", bar, fraction * 100, done,
                total, eta(), label);
        if (interactive) {
            out.print("\r\033[K" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    private String eta() {
        long computed = done - doneAtStart;
        if (computed == 0) {
            return "--:--";
        }
        double perBatch = (System.nanoTime() - startNanos) / (double) computed;
        Duration left = Duration.ofNanos((long) (perBatch * (total - done)));
        return String.format(Locale.ROOT, "%d:%02d", left.toMinutes(), left.toSecondsPart());
    }
}
