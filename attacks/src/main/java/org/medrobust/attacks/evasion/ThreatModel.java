package org.medrobust.attacks.evasion;

import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * What an adversary may do, recorded with every outcome (the threat model of Carlini et al. 2019, "On evaluating
 * adversarial robustness", section 2): a robustness number means nothing without it.
 *
 * @param norm        "Linf", "L2" or "patch" (occlusion, an L0-style budget)
 * @param eps         budget in [0, 1] pixel units (1/255 is one grey level, recorded as epsGreyLevels for L-inf); for "patch" the fraction occluded;
 *                    +infinity for a minimal-perturbation attack
 * @param targeted    whether the attack aims at a chosen class instead of any wrong one
 * @param steps       iterations per restart (1 for one-step attacks, queries for score-based ones)
 * @param stepSize    step length in the norm's units (0 where the attack chooses it itself)
 * @param restarts    independent runs per image; an image counts as broken if any run breaks it
 * @param randomStart whether each run starts from a random point of the eps-ball
 * @param queryBudget most model calls (forward, or forward and backward) the attack may make per image
 */
public record ThreatModel(String norm, double eps, boolean targeted, int steps, double stepSize, int restarts,
        boolean randomStart, int queryBudget) {

    /** Where every random draw comes from; the campaign seeds one generator per image. */
    public static final String SEED = "per image, from (campaign seed, scenario, sample index)";

    /** The eps of a minimal-perturbation attack (DeepFool, C&W): it reports how far it had to go. */
    public static final String UNBOUNDED = "unbounded (minimal perturbation)";

    public ThreatModel {
        // an L2 ball may exceed 1; minimal-perturbation attacks have no budget (eps = +infinity, "unbounded")
        boolean bounded = eps == Double.POSITIVE_INFINITY || ("L2".equals(norm) ? Double.isFinite(eps) : eps <= 1);
        if (!(eps >= 0 && bounded)) {
            throw new org.medrobust.datasets.InvalidInputException(norm + " eps must be " + ("L2".equals(norm)
                    ? "finite and >= 0" : "in [0, 1] pixel units") + ", got " + eps);
        }
        if (steps < 1 || restarts < 1 || queryBudget < 0 || stepSize < 0) {
            throw new org.medrobust.datasets.InvalidInputException("steps and restarts must be >= 1 and the step "
                    + "size and query budget >= 0, got steps " + steps + ", restarts " + restarts + ", step size "
                    + stepSize + ", query budget " + queryBudget);
        }
    }

    /** The record as result parameters, in a stable order. */
    public SequencedMap<String, Object> parameters() {
        SequencedMap<String, Object> p = new LinkedHashMap<>();
        p.put("norm", norm);
        if (eps == Double.POSITIVE_INFINITY) {
            p.put("eps", UNBOUNDED);
        } else {
            p.put("eps", eps);
            if ("Linf".equals(norm)) { // grey levels mean something for a per-pixel bound only
                p.put("epsGreyLevels", Math.round(eps * 255 * 1000) / 1000.0);
            }
        }
        p.put("targeted", targeted);
        p.put("steps", steps);
        p.put("stepSize", stepSize);
        p.put("restarts", restarts);
        p.put("randomStart", randomStart);
        p.put("seed", SEED);
        p.put("queryBudget", queryBudget);
        return p;
    }
}
