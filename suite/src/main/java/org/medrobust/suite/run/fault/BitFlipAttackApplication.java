package org.medrobust.suite.run.fault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.fault.attack.BitFlipAttack;
import org.medrobust.attacks.fault.attack.BitFlipAttackThreat;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.Split;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.suite.run.ThreatApplication;

/**
 * The Bit-Flip Attack on one batch, under the threat's protocol and attack targets ({@code labels}: true labels or the
 * int8 model's own predictions). {@code perBatch}: the batch is the attack batch, the outcome is the model after all iterations, and each image's details carry its prediction after every
 * iteration. {@code attackBatch} (the paper's): the search runs on the first {@code attackImages} images of the
 * evaluated data, or on images drawn from another split ({@code attackSplit}; {@link AttackImages}), and this batch is
 * predicted after each of its iterations. Either way the
 * weights are restored (and checked bit for bit) before the next batch, so a resumed campaign recomputes a batch
 * exactly (the search draws nothing at random).
 *
 * <p>Details per image: {@code bfaPredictions} (top-1 class after 0, 1, ..., {@code flips} iterations; 0 = the int8
 * model before any flip; -1 = non-finite logits; when the search ends early at a local maximum the last value repeats,
 * as the model stays as it is), {@code bfaFlipsMade} (iterations made), {@code bfaBitCounts} (bits inverted so far
 * after 0, 1, ..., {@code flips} iterations: one per iteration, more where the search escalated), under
 * {@code attackBatch} {@code bfaAttackImages} (the attack batch's size: without {@code attackSplit}, samples with a
 * lower index were in it) and with {@code attackSplit} {@code bfaAttackSplit} (the split the attack images came from:
 * none of the evaluated samples were attacked), and as for every fault
 * {@code faultSiteCount} and {@code faultSites} (the bits, e.g. "layer.weight[17] int8 bit 7 flip (12 -> -116)").
 */
public final class BitFlipAttackApplication implements ThreatApplication {

    /**
     * The attack batch with its labels ({@link AttackImages}): the first images of the scenario's evaluated data (at
     * most as many as it has; {@code split} null), or images drawn from another split of the data entry.
     */
    public record AttackData(ImageBatch images, int[] labels, Split split) {
    }

    /**
     * Searches made under {@code attackBatch}, per model (weakly held) and (threat parameters, attack images): every
     * batch of the scenario needs the same search, which is deterministic, so a JVM makes it once. The attack data is
     * kept and compared in full, so a hit is the very same search.
     */
    private static final Map<Classifier, Map<String, List<Search>>> SEARCHES =
            Collections.synchronizedMap(new WeakHashMap<>());

    private record Search(float[] images, int[] labels, List<BitFlipAttack.Flip> flips) {
    }

    private final BitFlipAttackThreat threat;
    private final IntFunction<AttackData> attackData;

    /** @param attackData the attack batch of {@code n} images ({@link AttackImages}; for {@code attackBatch} only) */
    public BitFlipAttackApplication(BitFlipAttackThreat threat, IntFunction<AttackData> attackData) {
        this.threat = threat;
        this.attackData = attackData;
    }

    @Override
    public BatchResult apply(Classifier model, ImageBatch clean, int[] labels, List<RandomGenerator> randoms) {
        return threat.protocol() == BitFlipAttackThreat.Protocol.PER_BATCH ? perBatch(model, clean, labels)
                : attackBatch(model, clean);
    }

    private BatchResult perBatch(Classifier model, ImageBatch clean, int[] labels) {
        try (BitFlipAttack.Result result = threat.attack().run(model, clean, labels, threat.targets())) {
            Logits logits = model.predict(clean);
            List<int[]> predictions = new ArrayList<>();
            predictions.add(result.quantisedPredictions());
            result.flips().forEach(f -> predictions.add(f.predictions()));
            return new BatchResult(clean, logits, details(clean.size(), predictions, result.flips(), null), true);
        }
    }

    private BatchResult attackBatch(Classifier model, ImageBatch clean) {
        if (attackData == null) {
            throw new IllegalStateException(BitFlipAttackThreat.ID + " with protocol attackBatch needs the evaluated data");
        }
        AttackData data = attackData.apply(threat.attackImages());
        List<BitFlipAttack.Flip> flips = search(model, data);
        BitFlipAttack.Replay replay = BitFlipAttack.replay(model, flips, clean);
        return new BatchResult(clean, replay.logits(), details(clean.size(), replay.predictions(), flips, data), true);
    }

    private List<BitFlipAttack.Flip> search(Classifier model, AttackData data) {
        String key = threat.parameters().toString();
        synchronized (SEARCHES) {
            for (Search s : SEARCHES.getOrDefault(model, Map.of()).getOrDefault(key, List.of())) {
                if (Arrays.equals(s.images, data.images().data()) && Arrays.equals(s.labels, data.labels())) {
                    return s.flips;
                }
            }
        }
        List<BitFlipAttack.Flip> flips;
        try (BitFlipAttack.Result result = threat.attack().run(model, data.images(), data.labels(),
                threat.targets())) {
            flips = result.flips();
        }
        synchronized (SEARCHES) {
            SEARCHES.computeIfAbsent(model, m -> new HashMap<>()).computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new Search(data.images().data().clone(), data.labels().clone(), flips));
        }
        return flips;
    }

    /** @param attack the attack batch under {@code attackBatch}, else null */
    private List<Map<String, Object>> details(int size, List<int[]> predictions, List<BitFlipAttack.Flip> flips,
            AttackData attack) {
        List<String> sites = flips.stream().flatMap(f -> f.bits().stream()).map(Object::toString).toList();
        List<String> listed = List.copyOf(sites.subList(0, Math.min(FaultApplication.LISTED_SITES, sites.size())));
        List<Integer> bitCounts = new ArrayList<>(threat.flips() + 1);
        bitCounts.add(0);
        for (BitFlipAttack.Flip flip : flips) {
            bitCounts.add(bitCounts.getLast() + flip.bits().size());
        }
        while (bitCounts.size() < threat.flips() + 1) {
            bitCounts.add(bitCounts.getLast());
        }
        List<Map<String, Object>> details = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            List<Integer> curve = new ArrayList<>(threat.flips() + 1);
            for (int[] p : predictions) {
                curve.add(p[i]);
            }
            while (curve.size() < threat.flips() + 1) {
                curve.add(curve.getLast());
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("bfaPredictions", List.copyOf(curve));
            d.put("bfaFlipsMade", flips.size());
            d.put("bfaBitCounts", List.copyOf(bitCounts));
            if (attack != null) {
                d.put("bfaAttackImages", attack.labels().length);
                if (attack.split() != null) {
                    d.put("bfaAttackSplit", attack.split().key());
                }
            }
            d.put("faultSiteCount", sites.size());
            d.put("faultSites", listed);
            details.add(d);
        }
        return details;
    }
}
