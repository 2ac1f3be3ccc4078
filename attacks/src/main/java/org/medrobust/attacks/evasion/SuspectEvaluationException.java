package org.medrobust.attacks.evasion;

/**
 * An evaluation that cannot be trusted (AutoAttack's sanity checks, Croce and Hein 2020, and Carlini et al. 2019):
 * a perturbation outside [0, 1] or beyond its budget, NaN input gradients, logits that change on identical inputs.
 * These are bugs or a broken model, never results: the scenario fails with this message.
 */
public final class SuspectEvaluationException extends RuntimeException {

    public SuspectEvaluationException(String message) {
        super(message);
    }
}
