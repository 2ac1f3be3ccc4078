package org.medrobust.attacks.evasion;

/**
 * The most model calls an attack may make per image, by kind: forward-only calls (score-based attacks such as Square,
 * PatchDrop, the target's side of a transfer attack) and gradient calls (a forward and a backward: the white-box
 * attacks). A gradient call costs several forward passes, so a duration estimate times the two kinds separately.
 */
public record CallBudget(long forwards, long gradients) {

    public CallBudget {
        if (forwards < 0 || gradients < 0) {
            throw new IllegalArgumentException("negative call budget: " + forwards + " forwards, " + gradients
                    + " gradients");
        }
    }

    public static CallBudget forwardsOnly(long n) {
        return new CallBudget(n, 0);
    }

    public static CallBudget gradientsOnly(long n) {
        return new CallBudget(0, n);
    }

    public CallBudget plus(CallBudget other) {
        return new CallBudget(forwards + other.forwards, gradients + other.gradients);
    }

    public CallBudget times(long images) {
        return new CallBudget(forwards * images, gradients * images);
    }

    public long total() {
        return forwards + gradients;
    }
}
