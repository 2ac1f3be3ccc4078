package org.medrobust.models.training;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A training progress bar. On a terminal it redraws one line per epoch with the batch count and ETA; in a log it
 * prints one line per finished epoch. Either way each epoch ends with its train loss and validation metrics.
 */
public final class ConsoleProgress implements TrainingProgress {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean interactive;
    private long epochStart;
    private int maxEpochs;

    public ConsoleProgress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** On stderr; redrawing only when stderr is a terminal. */
    public static ConsoleProgress onStderr() {
        java.io.Console console = System.console();
        return new ConsoleProgress(System.err, console != null && console.isTerminal());
    }

    @Override
    public void epochStarted(int epoch, int maxEpochs, int batches) {
        this.maxEpochs = maxEpochs;
        epochStart = System.nanoTime();
    }

    @Override
    public void batchDone(int epoch, int batch, int batches, double loss) {
        if (!interactive) {
            return;
        }
        double fraction = (double) batch / batches;
        int filled = (int) Math.round(fraction * WIDTH);
        long elapsed = System.nanoTime() - epochStart;
        Duration left = Duration.ofNanos((long) (elapsed / fraction * (1 - fraction)));
        out.printf(Locale.ROOT, "\r\033[Kepoch %d/%d [%s%s] %d/%d batches  loss %.4f  ETA %d:%02d", epoch, maxEpochs,
                "#".repeat(filled), ".".repeat(WIDTH - filled), batch, batches, loss, left.toMinutes(),
                left.toSecondsPart());
        out.flush();
    }

    @Override
    public void epochEnded(EpochRecord record, boolean best) {
        SplitMetrics val = record.val();
        out.printf(Locale.ROOT, "%sepoch %d/%d: train loss %.4f, lr %.2e, val accuracy %.4f (%d/%d), balanced %.4f, "
                        + "AUC %.4f, loss %.4f  %.1fs%s%n", interactive ? "\r\033[K" : "", record.epoch(), maxEpochs,
                record.trainLoss(), record.learningRate(), val.accuracy(), val.correct(), val.samples(),
                val.balancedAccuracy(), val.auc(), val.crossEntropy(), (System.nanoTime() - epochStart) / 1e9,
                best ? "  *" : "");
        out.flush();
    }

    @Override
    public void stoppedEarly(int epoch, int bestEpoch) {
        out.printf(Locale.ROOT, "early stop after epoch %d: no improvement since epoch %d, keeping its weights%n", epoch,
                bestEpoch);
        out.flush();
    }
}
