package org.medrobust.attacks.fault.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.medrobust.attacks.fault.quantised.Int8Tensor;
import org.medrobust.attacks.fault.weights.WeightDigest;
import org.medrobust.datasets.ImageBatch;

/**
 * The progressive bit search against an independent oracle on a model small enough to search by hand (a 6-5-3 MLP,
 * 45 int8 weights = 360 bits), following the authors' {@code attack/BFA.py}. At every step the oracle, on its own
 * copy of the model holding the reported codes so far, ranks each layer's weights by |dL/dw| (hand-written backprop,
 * itself checked against central differences), keeps the top k, scores every bit of those by flipping the
 * two's-complement byte and taking the first-order gain g * scale * (q' - q) where positive (else 0), proposes the n
 * best, measures each layer's proposal on the batch and keeps the largest loss; with n = 1, 2, ... until that loss
 * exceeds the loss before the step (the escalation). The attack must keep exactly that layer and those bits, report
 * the oracle's losses and codes, and stop where the oracle finds nothing. At some step the kept bits must differ from
 * an unrestricted search's (an implementation without the top-k rule fails there), and at some step the search must
 * escalate to several bits (the old one-flip rule fails there: this seed's step 14 keeps 9 bits); closing restores
 * the weights' SHA-256; a second run gives the same flips.
 */
class BitFlipAttackOracleTest {

    private static final long SEED = 7L; // a model whose search escalates (step 14: 9 bits) and then stops
    private static final int TOP_K = 2;
    private static final int FLIPS = 20;

    @Test
    void everyStepPicksThePapersBitAndTheWeightsComeBackBitIdentical() {
        ImageBatch batch = images(48);
        TinyMlp model = new TinyMlp(SEED);
        int[] labels = IntStream.range(0, batch.size()).map(model.predict(batch)::argmax).toArray();
        String golden = WeightDigest.sha256(model);
        List<BitFlipAttack.Flip> flips;
        try (BitFlipAttack.Result result = new BitFlipAttack(FLIPS, TOP_K, -1).run(model, batch, labels)) {
            flips = result.flips();
            assertThat(flips).as("iterations before the search stops at a local maximum").hasSizeBetween(2, FLIPS - 1);
            assertThat(result.quantisedPredictions()).hasSize(batch.size());
            Replay replay = replay(result, batch, labels);
            assertThat(replay.restricted()).as("steps where the top-k rule keeps other bits than an unrestricted search")
                    .isPositive();
            assertThat(replay.escalated()).as("steps where one bit did not raise the loss and the search escalated")
                    .isPositive();
        }
        assertThat(WeightDigest.sha256(model)).isEqualTo(golden);

        try (BitFlipAttack.Result again = new BitFlipAttack(FLIPS, TOP_K, -1).run(model, batch, labels)) {
            assertThat(again.flips()).extracting(Object::toString)
                    .containsExactlyElementsOf(flips.stream().map(Object::toString).toList());
            for (int i = 0; i < flips.size(); i++) {
                assertThat(again.flips().get(i).lossAfter()).isEqualTo(flips.get(i).lossAfter());
                assertThat(again.flips().get(i).predictions()).isEqualTo(flips.get(i).predictions());
            }
        }
        assertThat(WeightDigest.sha256(model)).isEqualTo(golden);
    }

    /**
     * The reference's targets ({@code main.py}: {@code _, target = model(data).data.max(1)} on the quantised model,
     * "to prevent label leaking"): with {@link BitFlipAttack.Targets#OWN_PREDICTIONS} every step must be the oracle's
     * search against the oracle's own int8 model's top-1 classes, computed here from its own quantisation, not against
     * the labels given. The given labels (i mod 3) differ from those classes, and the search against them differs, so
     * an attack that ignored the option fails.
     */
    @Test
    void ownPredictionTargetsAreTheInt8ModelsTopOneClassesAsInTheReference() {
        ImageBatch batch = images(48);
        TinyMlp model = new TinyMlp(SEED);
        int[] given = IntStream.range(0, batch.size()).map(i -> i % 3).toArray();
        TinyMlp oracle = new TinyMlp(SEED);
        for (String layer : List.of("fc1.weight", "fc2.weight")) {
            oracle.write(layer, byHand(oracle.read(layer)).dequantise());
        }
        int[] int8Classes = IntStream.range(0, batch.size()).map(oracle.predict(batch)::argmax).toArray();
        assertThat(int8Classes).as("the int8 model's classes vs the given labels").isNotEqualTo(given);
        List<String> againstGiven;
        try (BitFlipAttack.Result labelled = new BitFlipAttack(FLIPS, TOP_K, -1).run(model, batch, given)) {
            againstGiven = labelled.flips().stream().map(Object::toString).toList();
        }
        try (BitFlipAttack.Result result = new BitFlipAttack(FLIPS, TOP_K, -1).run(model, batch, given,
                BitFlipAttack.Targets.OWN_PREDICTIONS)) {
            assertThat(result.targets()).containsExactly(int8Classes);
            assertThat(result.flips()).isNotEmpty();
            replay(result, batch, int8Classes);
            assertThat(result.flips().stream().map(Object::toString).toList()).isNotEqualTo(againstGiven);
            int correct = 0;
            for (int r = 0; r < batch.size(); r++) {
                correct += result.quantisedPredictions()[r] == given[r] ? 1 : 0;
            }
            assertThat(result.quantisedAccuracy()).as("accuracy stays against the given labels")
                    .isEqualTo((double) correct / batch.size());
        }
    }

    @Test
    void handWrittenGradientMatchesCentralDifferences() {
        ImageBatch batch = images(7);
        TinyMlp model = new TinyMlp(SEED);
        int[] labels = {0, 1, 2, 0, 1, 2, 0};
        Map<String, float[]> g = model.weightGradient(batch, labels).gradients();
        for (String name : List.of("fc1.weight", "fc2.weight", "fc1.bias")) {
            double[] w = model.weights.get(name);
            for (int i = 0; i < w.length; i++) {
                double keep = w[i];
                w[i] = keep + 1e-6;
                double up = model.loss(batch, labels);
                w[i] = keep - 1e-6;
                double down = model.loss(batch, labels);
                w[i] = keep;
                assertThat((double) g.get(name)[i]).as("%s[%d]", name, i).isCloseTo((up - down) / 2e-6, within(1e-5));
            }
        }
    }

    /** How the top-k rule and the escalation showed in the replay. */
    private record Replay(int restricted, int escalated) {
    }

    /**
     * Checks every reported iteration against the oracle; counts the steps where the top-k restriction changed the
     * kept bits and the steps that escalated to two or more bits.
     */
    private static Replay replay(BitFlipAttack.Result result, ImageBatch batch, int[] labels) {
        TinyMlp oracle = new TinyMlp(SEED);
        Map<String, byte[]> codes = new LinkedHashMap<>();
        Map<String, Float> scales = new LinkedHashMap<>();
        for (String layer : List.of("fc1.weight", "fc2.weight")) {
            Int8Tensor own = byHand(oracle.read(layer));
            assertThat(own.codes()).as(layer).isEqualTo(result.quantised().get(layer).codes());
            codes.put(layer, own.codes());
            scales.put(layer, own.scale());
        }
        int restricted = 0;
        int escalated = 0;
        for (int step = 0; step <= result.flips().size(); step++) {
            codes.forEach((layer, q) -> oracle.write(layer, new Int8Tensor(q, scales.get(layer)).dequantise()));
            double lossNow = oracle.loss(batch, labels);
            Map<String, float[]> g = oracle.weightGradient(batch, labels).gradients();
            Proposal best = search(oracle, codes, scales, g, TOP_K, batch, labels, lossNow);
            if (step == result.flips().size()) {
                // the attack stopped early only where the oracle finds nothing either
                assertThat(result.flips().size() == FLIPS || best == null).as("stopped at step %d", step).isTrue();
                break;
            }
            BitFlipAttack.Flip flip = result.flips().get(step);
            assertThat(flip.lossBefore()).as("loss before %s", flip).isCloseTo(lossNow, within(1e-4 * (1 + lossNow)));
            Proposal unrestricted = search(oracle, codes, scales, g, Integer.MAX_VALUE, batch, labels, lossNow);
            assertThat(best).isNotNull();
            restricted += best.sameBits(unrestricted) ? 0 : 1;
            escalated += best.bits.size() > 1 ? 1 : 0;
            assertThat(flip.tensor()).as("step %d", flip.iteration()).isEqualTo(best.layer);
            assertThat(flip.bits()).extracting(b -> List.of(b.index(), b.bit())).as("step %d", flip.iteration())
                    .containsExactlyElementsOf(best.bits);
            assertThat(flip.lossAfter()).isCloseTo(best.loss, within(1e-4 * (1 + best.loss)));
            assertThat(flip.lossAfter()).isGreaterThan(flip.lossBefore());
            byte[] q = codes.get(best.layer);
            for (BitFlipAttack.BitChange b : flip.bits()) {
                assertThat(b.before()).isEqualTo(q[b.index()]);
                q[b.index()] = (byte) (q[b.index()] ^ (1 << b.bit()));
                assertThat(b.after()).isEqualTo(q[b.index()]);
            }
        }
        return new Replay(restricted, escalated);
    }

    /** The oracle's own quantisation: scale = max|w| / 127, codes = round(w / scale). */
    private static Int8Tensor byHand(float[] w) {
        float max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        float scale = max / 127;
        byte[] q = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            q[i] = (byte) Math.round(w[i] / scale);
        }
        return new Int8Tensor(q, scale);
    }

    /**
     * The reference's search with escalation: n = 1, 2, ...: every layer's n-bit proposal measured on the batch
     * alone, the largest loss kept; done as soon as it exceeds the loss before the step. Null where no n does.
     */
    private static Proposal search(TinyMlp oracle, Map<String, byte[]> codes, Map<String, Float> scales,
            Map<String, float[]> g, int k, ImageBatch batch, int[] labels, double lossNow) {
        for (int n = 1; n <= 8 * 45; n++) {
            Proposal best = null;
            for (String layer : codes.keySet()) {
                List<List<Integer>> bits = propose(codes.get(layer), scales.get(layer), g.get(layer), k, n);
                if (bits == null) {
                    continue;
                }
                byte[] q = codes.get(layer).clone();
                for (List<Integer> b : bits) {
                    q[b.get(0)] = (byte) (q[b.get(0)] ^ (1 << b.get(1)));
                }
                oracle.write(layer, new Int8Tensor(q, scales.get(layer)).dequantise());
                double loss = oracle.loss(batch, labels);
                oracle.write(layer, new Int8Tensor(codes.get(layer), scales.get(layer)).dequantise());
                if (best == null || loss > best.loss) {
                    best = new Proposal(layer, bits, loss);
                }
            }
            if (best != null && best.loss > lossNow) {
                return best;
            }
        }
        return null;
    }

    private record Proposal(String layer, List<List<Integer>> bits, double loss) {

        boolean sameBits(Proposal other) {
            return other != null && layer.equals(other.layer) && bits.equals(other.bits);
        }
    }

    /**
     * The paper's in-layer rule with n bits, written from the flipped byte: each bit of the top-k weights scores
     * g * scale * (q' - q) where that is positive, else 0 (the gradient mask); the n best scores (ties: higher-ranked
     * weight, then more significant bit) as [index, bit]; null where no bit scores or the layer has fewer than n.
     */
    private static List<List<Integer>> propose(byte[] q, float scale, float[] g, int k, int n) {
        List<Integer> top = IntStream.range(0, g.length).boxed().sorted(
                Comparator.comparingDouble((Integer i) -> -Math.abs(g[i])).thenComparing(i -> i)).toList();
        List<double[]> scored = new ArrayList<>(); // {score, order, index, bit}
        for (int i : top.subList(0, Math.min(k, top.size()))) {
            for (int bit = 7; bit >= 0; bit--) {
                int flipped = (byte) (q[i] ^ (1 << bit));
                double gain = (double) g[i] * scale * (flipped - q[i]);
                scored.add(new double[] {Math.max(gain, 0), scored.size(), i, bit});
            }
        }
        scored.sort(Comparator.comparingDouble((double[] e) -> -e[0]).thenComparingDouble(e -> e[1]));
        if (scored.size() < n || scored.getFirst()[0] == 0) {
            return null;
        }
        return scored.subList(0, n).stream().map(e -> List.of((int) e[2], (int) e[3])).toList();
    }

    private static ImageBatch images(int n) {
        SplittableRandom random = new SplittableRandom(7);
        float[] data = new float[n * TinyMlp.D];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextDouble();
        }
        return new ImageBatch(TinyMlp.SHAPE, n, data);
    }
}
