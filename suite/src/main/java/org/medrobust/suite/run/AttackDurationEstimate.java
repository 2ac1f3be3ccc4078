package org.medrobust.suite.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.medrobust.attacks.evasion.CallBudget;
import org.medrobust.attacks.evasion.EvasionAttack;
import org.medrobust.attacks.evasion.blackbox.TransferAttack;
import org.medrobust.attacks.evasion.gradient.PgdStepTimer;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.InputGradients;
import org.medrobust.suite.plan.Scenario;

/**
 * Before a long attack run, an upper bound of its duration from measured per-image costs: per model, the evasion
 * scenarios still to run add up {@code samples x} {@link EvasionAttack#calls()}, split into forward-only calls
 * (Square, PatchDrop, the target's side of a transfer attack) and gradient calls (white-box attacks). A transfer
 * attack's crafting calls run on its surrogate, a model of their own, so they are summed under the surrogate
 * ({@link #surrogateKey}) and priced with the surrogate's own costs. Above {@value #LONG_CALLS} calls in all, each
 * kind a model has ahead is timed on a small batch of that model (one forward pass; one PGD step, forward and
 * backward, {@link PgdStepTimer}) and the sum of calls times cost is printed. It is a bound for the worst case: attacks
 * stop on an image once it is broken.
 */
final class AttackDurationEstimate {

    /** Image-calls below which a run is short enough not to measure anything (the default campaign's: 5,460). */
    static final long LONG_CALLS = 20_000;
    private static final int PROBE_BATCH = 8;

    private AttackDurationEstimate() {
    }

    /**
     * Model calls per image summed over the pending evasion scenarios, per model id (and per transfer surrogate,
     * {@link #surrogateKey}), in plan order.
     */
    static Map<String, CallBudget> pendingCalls(List<Scenario> plan, ToIntFunction<Scenario> samples) {
        Map<String, CallBudget> calls = new LinkedHashMap<>();
        for (Scenario s : plan) {
            if (s.runnable() && s.threat() instanceof EvasionAttack attack) {
                int n = samples.applyAsInt(s);
                calls.merge(s.modelId(), attack.calls().times(n), CallBudget::plus);
                if (attack instanceof TransferAttack transfer) {
                    calls.merge(surrogateKey(transfer), transfer.surrogateCalls().times(n), CallBudget::plus);
                }
            }
        }
        return calls;
    }

    /** The transfer surrogates of the pending scenarios by {@link #surrogateKey}, loaded only when timed. */
    static Map<String, Supplier<Classifier>> surrogates(List<Scenario> plan) {
        Map<String, Supplier<Classifier>> surrogates = new LinkedHashMap<>();
        for (Scenario s : plan) {
            if (s.runnable() && s.threat() instanceof TransferAttack transfer) {
                surrogates.putIfAbsent(surrogateKey(transfer), transfer::surrogateModel);
            }
        }
        return surrogates;
    }

    /** How a surrogate's crafting calls are listed, e.g. "builtin:cnn_phantom (transfer surrogate)". */
    static String surrogateKey(TransferAttack transfer) {
        return transfer.surrogateId() + " (transfer surrogate)";
    }

    /** One line per model whose pending attacks are long, with the measured costs; empty when none is. */
    static List<String> lines(Map<String, CallBudget> calls, Function<String, Classifier> models) {
        return lines(calls, models, System::nanoTime);
    }

    /** The same, timed with {@code clock} (nanoseconds); {@code models} is asked only for the models it times. */
    static List<String> lines(Map<String, CallBudget> calls, Function<String, Classifier> models,
            LongSupplier clock) {
        List<String> lines = new ArrayList<>();
        calls.forEach((id, n) -> {
            if (n.total() < LONG_CALLS) {
                return;
            }
            double forward = 0;
            double gradient = 0;
            try {
                Classifier model = models.apply(id);
                if (n.forwards() > 0) {
                    forward = forwardSeconds(model, clock) / PROBE_BATCH;
                }
                // a white-box scenario on a model without gradients is skipped, so it never reaches here
                if (n.gradients() > 0 && model.capability(InputGradients.class).isPresent()) {
                    gradient = PgdStepTimer.secondsPerStep(model, PROBE_BATCH, 1, 1, clock) / PROBE_BATCH;
                }
            } catch (RuntimeException e) { // the estimate must never stop a run; the scenario will report the error
                lines.add(String.format(Locale.ROOT, "estimate: %s has attacks of up to %,d model calls ahead; "
                        + "timing one call failed (%s)", id, n.total(), e.getClass().getSimpleName()));
                return;
            }
            List<String> parts = new ArrayList<>();
            if (n.forwards() > 0) {
                parts.add(String.format(Locale.ROOT, "%,d forward-only at %.1f ms", n.forwards(), forward * 1000));
            }
            if (n.gradients() > 0) {
                parts.add(String.format(Locale.ROOT, "%,d gradient at %.1f ms", n.gradients(), gradient * 1000));
            }
            lines.add(String.format(Locale.ROOT, "estimate: %s has attacks of up to %,d model calls ahead (%s per "
                    + "image and call, measured now on %d images): at most %s (less where images break early)", id,
                    n.total(), String.join(", ", parts), PROBE_BATCH,
                    duration(n.forwards() * forward + n.gradients() * gradient)));
        });
        return lines;
    }

    private static double forwardSeconds(Classifier model, LongSupplier clock) {
        var shape = model.inputShape();
        var batch = new ImageBatch(shape, PROBE_BATCH, new float[PROBE_BATCH * shape.pixels()]);
        model.predict(batch); // warm-up
        long start = clock.getAsLong();
        model.predict(batch);
        return (clock.getAsLong() - start) / 1e9;
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
