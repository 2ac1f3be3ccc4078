package org.medrobust.suite.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.medrobust.attacks.evasion.EvasionAttack;
import org.medrobust.attacks.evasion.gradient.PgdStepTimer;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.InputGradients;
import org.medrobust.suite.plan.Scenario;

/**
 * Before a long attack run, an upper bound of its duration from a measured per-image cost: per model, the evasion
 * scenarios still to run add up {@code samples x queryBudget} model calls; above {@value #LONG_CALLS} calls one PGD
 * step (forward and backward, {@link PgdStepTimer}) is timed on a small batch of that model, or one forward pass
 * for a model without gradients, and the product is printed. It is an upper bound: attacks stop on an image once it
 * is broken, and score-based calls are forwards only.
 */
final class AttackDurationEstimate {

    /** Image-calls below which a run is short enough not to measure anything (the default campaign's PGD: 260). */
    static final long LONG_CALLS = 20_000;
    private static final int PROBE_BATCH = 8;

    private AttackDurationEstimate() {
    }

    /** Model calls per image summed over the pending evasion scenarios, per model id, in plan order. */
    static Map<String, Long> pendingCalls(List<Scenario> plan, ToIntFunction<Scenario> samples) {
        Map<String, Long> calls = new LinkedHashMap<>();
        for (Scenario s : plan) {
            if (s.runnable() && s.threat() instanceof EvasionAttack attack) {
                calls.merge(s.modelId(), (long) samples.applyAsInt(s) * attack.threatModel().queryBudget(), Long::sum);
            }
        }
        return calls;
    }

    /** One line per model whose pending attacks are long, with the measured cost; empty when none is. */
    static List<String> lines(Map<String, Long> calls, Map<String, Classifier> models) {
        List<String> lines = new ArrayList<>();
        calls.forEach((id, n) -> {
            if (n < LONG_CALLS) {
                return;
            }
            Classifier model = models.get(id);
            boolean gradients = model.capability(InputGradients.class).isPresent();
            double perImage;
            try {
                perImage = (gradients ? PgdStepTimer.secondsPerStep(model, PROBE_BATCH, 1, 1)
                        : forwardSeconds(model)) / PROBE_BATCH;
            } catch (RuntimeException e) { // the estimate must never stop a run; the scenario will report the error
                lines.add(String.format(Locale.ROOT, "estimate: %s has attacks of up to %,d model calls ahead; "
                        + "timing one step failed (%s)", id, n, e.getClass().getSimpleName()));
                return;
            }
            lines.add(String.format(Locale.ROOT, "estimate: %s has attacks of up to %,d model calls ahead; at %.1f ms "
                    + "per image and call (one %s of %d images, measured now) that is at most %s (less where images "
                    + "break early)", id, n, perImage * 1000, gradients ? "PGD step" : "forward pass", PROBE_BATCH,
                    duration(n * perImage)));
        });
        return lines;
    }

    private static double forwardSeconds(Classifier model) {
        var shape = model.inputShape();
        var batch = new org.medrobust.datasets.ImageBatch(shape, PROBE_BATCH, new float[PROBE_BATCH * shape.pixels()]);
        model.predict(batch); // warm-up
        long start = System.nanoTime();
        model.predict(batch);
        return (System.nanoTime() - start) / 1e9;
    }

    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
