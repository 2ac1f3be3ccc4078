package org.medrobust.suite.run.fault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.fault.attack.BitFlipAttack;
import org.medrobust.attacks.fault.attack.BitFlipAttackThreat;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.suite.run.ThreatApplication;

/**
 * The Bit-Flip Attack on one batch: the batch is the attack batch (true labels), the outcome is the model after all
 * flips, and each image's details carry its prediction after every number of flips, from which the report draws
 * accuracy against flips. The weights are restored (and checked bit for bit) before the next batch, so batches are
 * attacked independently and a resumed campaign recomputes a batch exactly (the search draws nothing at random).
 *
 * <p>Details per image: {@code bfaPredictions} (top-1 class after 0, 1, ..., {@code flips} flips; 0 = the int8 model
 * before any flip; -1 = non-finite logits; when the search ends early at a local maximum the last value repeats, as
 * the model stays as it is), {@code bfaFlipsMade}, and as for every fault {@code faultSiteCount} and
 * {@code faultSites} (the flips, e.g. "layer.weight[17] int8 bit 7 flip (12 -> -116)").
 */
public final class BitFlipAttackApplication implements ThreatApplication {

    private final BitFlipAttackThreat threat;

    public BitFlipAttackApplication(BitFlipAttackThreat threat) {
        this.threat = threat;
    }

    @Override
    public BatchResult apply(Classifier model, ImageBatch clean, int[] labels, List<RandomGenerator> randoms) {
        Logits logits;
        List<Map<String, Object>> details = new ArrayList<>(clean.size());
        try (BitFlipAttack.Result result = threat.attack().run(model, clean, labels)) {
            logits = model.predict(clean);
            List<String> sites = result.sites();
            List<String> listed = List.copyOf(sites.subList(0, Math.min(FaultApplication.LISTED_SITES, sites.size())));
            for (int i = 0; i < clean.size(); i++) {
                List<Integer> curve = new ArrayList<>(threat.flips() + 1);
                curve.add(result.quantisedPredictions()[i]);
                for (BitFlipAttack.Flip flip : result.flips()) {
                    curve.add(flip.predictions()[i]);
                }
                while (curve.size() < threat.flips() + 1) {
                    curve.add(curve.getLast());
                }
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("bfaPredictions", List.copyOf(curve));
                d.put("bfaFlipsMade", result.flips().size());
                d.put("faultSiteCount", sites.size());
                d.put("faultSites", listed);
                details.add(d);
            }
        }
        return new BatchResult(clean, logits, details, true);
    }
}
