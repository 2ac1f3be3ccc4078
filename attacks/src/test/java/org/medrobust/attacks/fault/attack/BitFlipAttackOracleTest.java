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
 * 45 int8 weights = 360 bits). At every step the oracle, on its own copy of the model holding the reported codes so
 * far, ranks each layer's weights by |dL/dw| (hand-written backprop, itself checked against central differences),
 * keeps the top k, tries every bit of those by flipping the two's-complement byte and taking the first-order gain
 * g * scale * (q' - q), proposes the largest positive gain, then measures each layer's proposal on the batch and keeps
 * the largest loss. The attack must pick exactly that layer, weight and bit, and report the oracle's losses; at some
 * step the kept flip must differ from an unrestricted search's (so an implementation without the top-k rule fails
 * at that step, where both start from the same weights); closing
 * restores the weights' SHA-256; a second run gives the same flips.
 */
class BitFlipAttackOracleTest {

    private static final long SEED = 20261130L;
    private static final int TOP_K = 2;
    private static final int FLIPS = 8;

    @Test
    void everyStepPicksThePapersBitAndTheWeightsComeBackBitIdentical() {
        ImageBatch batch = images(24);
        TinyMlp model = new TinyMlp(SEED);
        int[] labels = IntStream.range(0, batch.size()).map(model.predict(batch)::argmax).toArray();
        String golden = WeightDigest.sha256(model);
        List<BitFlipAttack.Flip> flips;
        try (BitFlipAttack.Result result = new BitFlipAttack(FLIPS, TOP_K, -1).run(model, batch, labels)) {
            flips = result.flips();
            assertThat(flips).hasSize(FLIPS);
            assertThat(result.quantisedPredictions()).hasSize(batch.size());
            int restricted = replay(result, batch, labels);
            assertThat(restricted).as("steps where the top-k rule keeps another flip than an unrestricted search")
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

    /** Checks every reported flip against the oracle; returns how many steps the top-k restriction changed. */
    private static int replay(BitFlipAttack.Result result, ImageBatch batch, int[] labels) {
        TinyMlp oracle = new TinyMlp(SEED);
        Map<String, byte[]> codes = new LinkedHashMap<>();
        Map<String, Float> scales = new LinkedHashMap<>();
        for (String layer : List.of("fc1.weight", "fc2.weight")) {
            // the oracle quantises on its own: scale = max|w| / 127, codes = round(w / scale)
            float[] w = oracle.read(layer);
            float max = 0;
            for (float v : w) {
                max = Math.max(max, Math.abs(v));
            }
            float scale = max / 127;
            byte[] q = new byte[w.length];
            for (int i = 0; i < w.length; i++) {
                q[i] = (byte) Math.round(w[i] / scale);
            }
            assertThat(q).as(layer).isEqualTo(result.quantised().get(layer).codes());
            codes.put(layer, q);
            scales.put(layer, scale);
        }
        int restricted = 0;
        for (BitFlipAttack.Flip flip : result.flips()) {
            codes.forEach((layer, q) -> oracle.write(layer, new Int8Tensor(q, scales.get(layer)).dequantise()));
            double lossNow = oracle.loss(batch, labels);
            assertThat(flip.lossBefore()).as("loss before %s", flip).isCloseTo(lossNow, within(1e-4 * (1 + lossNow)));
            Map<String, float[]> g = oracle.weightGradient(batch, labels).gradients();
            Proposal best = crossLayer(oracle, codes, scales, g, TOP_K, batch, labels);
            Proposal unrestricted = crossLayer(oracle, codes, scales, g, Integer.MAX_VALUE, batch, labels);
            assertThat(best).isNotNull();
            restricted += best.layer.equals(unrestricted.layer) && best.equals(unrestricted) ? 0 : 1;
            assertThat(List.of(flip.tensor(), flip.index(), flip.bit())).as("step %d", flip.iteration())
                    .isEqualTo(List.of(best.layer, best.index, best.bit));
            assertThat(flip.lossAfter()).isCloseTo(best.loss, within(1e-4 * (1 + best.loss)));
            byte[] q = codes.get(best.layer);
            assertThat(flip.before()).isEqualTo(q[best.index]);
            q[best.index] = (byte) (q[best.index] ^ (1 << best.bit));
            assertThat(flip.after()).isEqualTo(q[best.index]);
        }
        return restricted;
    }

    /** Every layer's proposal measured on the batch alone; the one with the largest loss. */
    private static Proposal crossLayer(TinyMlp oracle, Map<String, byte[]> codes, Map<String, Float> scales,
            Map<String, float[]> g, int k, ImageBatch batch, int[] labels) {
        Proposal best = null;
        for (String layer : codes.keySet()) {
            Proposal p = propose(layer, codes.get(layer), scales.get(layer), g.get(layer), k);
            if (p == null) {
                continue;
            }
            byte[] q = codes.get(layer).clone();
            q[p.index] = (byte) (q[p.index] ^ (1 << p.bit));
            oracle.write(layer, new Int8Tensor(q, scales.get(layer)).dequantise());
            double loss = oracle.loss(batch, labels);
            oracle.write(layer, new Int8Tensor(codes.get(layer), scales.get(layer)).dequantise());
            if (best == null || loss > best.loss) {
                best = new Proposal(layer, p.index, p.bit, loss);
            }
        }
        return best;
    }

    private record Proposal(String layer, int index, int bit, double loss) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Proposal p && p.index == index && p.bit == bit;
        }

        @Override
        public int hashCode() {
            return index * 8 + bit;
        }
    }

    /** The paper's in-layer rule, written from the flipped byte: the largest positive g * scale * (q' - q). */
    private static Proposal propose(String layer, byte[] q, float scale, float[] g, int k) {
        List<Integer> top = new ArrayList<>(IntStream.range(0, g.length).boxed().sorted(
                Comparator.comparingDouble((Integer i) -> -Math.abs(g[i])).thenComparing(i -> i)).toList());
        Proposal best = null;
        double bestGain = 0;
        for (int i : top.subList(0, Math.min(k, top.size()))) {
            for (int bit = 7; bit >= 0; bit--) {
                int flipped = (byte) (q[i] ^ (1 << bit));
                double gain = (double) g[i] * scale * (flipped - q[i]);
                if (gain > bestGain) {
                    bestGain = gain;
                    best = new Proposal(layer, i, bit, Double.NaN);
                }
            }
        }
        return best;
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
