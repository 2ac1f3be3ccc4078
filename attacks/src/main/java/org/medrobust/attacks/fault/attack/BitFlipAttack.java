package org.medrobust.attacks.fault.attack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.attacks.fault.FaultModel.FaultInjection;
import org.medrobust.attacks.fault.quantised.Int8Tensor;
import org.medrobust.attacks.fault.weights.WeightFaultInjection;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.WeightGradients;
import org.medrobust.models.capability.WritableWeights;

/**
 * The Bit-Flip Attack (Rakin, He and Fan, "Bit-Flip Attack: Crushing Neural Network with Progressive Bit Search",
 * ICCV 2019), the worst case of the fault family. The weight tensors of two or more dimensions (convolution and
 * linear weights, as the paper; biases and norm parameters stay float32) are quantised symmetric per tensor to int8
 * ({@link Int8Tensor}), and the model runs on {@code q * scale}. Each iteration of the progressive bit search, as the
 * authors' code ({@code attack/BFA.py}, {@code progressive_bit_search} and {@code flip_bit}) does it:
 * <ol>
 * <li><b>in-layer search</b> (sec. 3.2): with {@code g = dL/dw} of the summed cross-entropy on the attack batch
 * (computed once per iteration), the gradient of bit {@code i} of code {@code q} is {@code dL/db_i = g * scale * v_i},
 * {@code v_i = 2^i} for {@code i < 7} and {@code -128} for the two's-complement sign bit. Only the layer's
 * {@code topK} weights with the largest {@code |g|} are considered ({@code k_top = 10}; ties: the lower flat index
 * first). Flipping {@code b_i} changes the loss to first order by {@code dL/db_i * (1 - 2 b_i)}; the gradient mask
 * ({@code b XOR sign}) zeroes every bit where this is not positive, and the layer flips the {@code n} bits with the
 * largest masked {@code |dL/db_i|} ({@code topk(n_bits2flip)}; ties: the higher-ranked weight, then the more
 * significant bit), or none when no bit survives the mask ({@code grad_max == 0}). Where {@code n} exceeds the
 * surviving bits, the rest are masked (zero) entries, as in the reference;</li>
 * <li><b>cross-layer search</b>: each layer's proposal is applied alone and the attack batch's loss measured; the
 * layer with the largest loss wins (the first in order on a tie);</li>
 * <li><b>escalation</b> ({@code while loss_max <= loss}): where even the winner does not raise the loss above the
 * iteration's starting loss, {@code n} grows by one and both searches run again with the same gradient; the winner's
 * {@code n} bits are then kept. {@code n} starts at 1 in every iteration.</li>
 * </ol>
 * Where the reference would loop or fail, this stops the search (the result then has fewer iterations): no layer has
 * a bit that survives the mask, or {@code n} exceeds every layer's {@code 8 min(topK, weights)} ranked bits (a layer
 * with fewer ranked bits than {@code n} proposes nothing; the reference's {@code topk} raises there).
 * {@link #run} returns the iterations with the loss, accuracy and per-image predictions after each; closing the
 * result restores the float32 weights bit for bit (checked). The model must offer {@link WritableWeights} and
 * {@link WeightGradients}. Nothing is random: the same model and batch give the same flips.
 */
public final class BitFlipAttack {

    /** The authors' default number of weights per layer whose bits are ranked ({@code k_top}). */
    public static final int DEFAULT_TOP_K = 10;

    /**
     * One inverted bit: {@code tensor[index]}'s int8 code went from {@code before} to {@code after} (bit {@code bit}).
     * Within an iteration several bits of one code may flip; each change is then relative to the one before it.
     */
    public record BitChange(String tensor, int index, int bit, byte before, byte after) {

        @Override
        public String toString() {
            return tensor + "[" + index + "] int8 bit " + bit + " flip (" + before + " -> " + after + ")";
        }
    }

    /**
     * One iteration of the search: the bits it kept (all in one tensor; one, or more where it escalated).
     *
     * @param predictions the attack batch's top-1 class per image after this iteration (-1 for non-finite logits)
     */
    public record Flip(int iteration, String tensor, List<BitChange> bits, double lossBefore, double lossAfter,
            double accuracy, int[] predictions) {

        @Override
        public String toString() {
            return String.join("; ", bits.stream().map(BitChange::toString).toList());
        }
    }

    /**
     * The attacked model: {@link #flips()} in order; {@link #close()} restores the original float32 weights.
     *
     * @param cleanAccuracy     the float32 model's accuracy on the attack batch
     * @param quantisedAccuracy the int8 model's before any flip
     * @param quantisedLoss     its summed cross-entropy against the attack targets
     * @param quantisedPredictions its top-1 class per image (-1 for non-finite logits)
     * @param targets           the classes the attack loss was measured against (the labels given, or the int8
     *                          model's own predictions, {@link Targets})
     */
    public record Result(double cleanAccuracy, double quantisedAccuracy, double quantisedLoss,
            int[] quantisedPredictions, List<Flip> flips, Map<String, Int8Tensor> quantised, FaultInjection injection,
            int[] targets) implements FaultInjection {

        /** Every inverted bit, in the order kept (one line each). */
        @Override
        public List<String> sites() {
            return flips.stream().flatMap(f -> f.bits().stream()).map(BitChange::toString).toList();
        }

        /** Bits inverted so far after each iteration (the reference's {@code bit_counter}). */
        public int[] bitCounts() {
            int[] counts = new int[flips.size()];
            int total = 0;
            for (int i = 0; i < counts.length; i++) {
                total += flips.get(i).bits().size();
                counts[i] = total;
            }
            return counts;
        }

        @Override
        public void close() {
            injection.close();
        }
    }

    /**
     * What the attack loss (and its gradient) is measured against. The reference replaces the attack batch's labels by
     * the model's own top-1 predictions before the search ({@code main.py}, {@code perform_attack}: "Override the
     * target to prevent label leaking", {@code _, target = model(data).data.max(1)}, the model being the quantised
     * one): the attacker needs no labels, and the loss pushes every image away from what the int8 model predicted.
     */
    public enum Targets {
        /** The labels given to {@link #run}: an attacker who knows the ground truth (an oracle's worst case). */
        TRUE_LABELS("true"),
        /** The int8 model's top-1 class per image before any flip (the reference's choice). */
        OWN_PREDICTIONS("predicted");

        private final String key;

        Targets(String key) {
            this.key = key;
        }

        /** The value of the threat's {@code labels} parameter that selects these targets. */
        public String key() {
            return key;
        }
    }

    private final int maxFlips;
    private final int topK;
    private final double stopAtAccuracy;

    /** The authors' {@code k_top} ({@value #DEFAULT_TOP_K}). */
    public BitFlipAttack(int maxFlips, double stopAtAccuracy) {
        this(maxFlips, DEFAULT_TOP_K, stopAtAccuracy);
    }

    /**
     * @param maxFlips       iterations of the progressive bit search ({@code n_iter}; one bit each, or more where it
     *                       escalates)
     * @param topK           weights per layer, by {@code |dL/dw|}, whose bits are ranked
     * @param stopAtAccuracy stop early once the attack batch's accuracy is at or below this (-1: never)
     */
    public BitFlipAttack(int maxFlips, int topK, double stopAtAccuracy) {
        if (maxFlips < 1) {
            throw new IllegalArgumentException("the bit-flip attack needs at least one flip, got " + maxFlips);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("the bit-flip attack needs topK >= 1, got " + topK);
        }
        this.maxFlips = maxFlips;
        this.topK = topK;
        this.stopAtAccuracy = stopAtAccuracy;
    }

    public Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("maxFlips", maxFlips);
        parameters.put("topK", topK);
        parameters.put("stopAtAccuracy", stopAtAccuracy);
        parameters.put("quantisation", "symmetric per-tensor int8 of every weight tensor of rank >= 2");
        parameters.put("search", SEARCH);
        return parameters;
    }

    /** The search rule in words, as recorded in the parameters. */
    public static final String SEARCH = "progressive bit search (attack/BFA.py): per layer the n loss-raising bits"
            + " with the largest |dL/db| among the topK weights by |dL/dw|, then the layer whose flips give the"
            + " largest attack-batch loss; n = 1, raised by one while the best loss does not exceed the loss before"
            + " the iteration (escalation); stops where no bit raises the loss to first order";

    /** Attacks {@code model} on the batch against its true labels; the caller closes the result to restore the model. */
    public Result run(Classifier model, ImageBatch batch, int[] labels) {
        return run(model, batch, labels, Targets.TRUE_LABELS);
    }

    /**
     * Attacks {@code model} on the batch; the caller closes the result to restore the model. The search's loss uses
     * {@code targets}; the accuracies reported ({@link Result}, {@link Flip#accuracy()}) are always against
     * {@code labels}.
     */
    public Result run(Classifier model, ImageBatch batch, int[] labels, Targets targets) {
        WritableWeights weights = model.capability(WritableWeights.class).orElseThrow(
                () -> new IllegalArgumentException("model " + model.id() + " offers no WritableWeights"));
        WeightGradients gradients = model.capability(WeightGradients.class).orElseThrow(
                () -> new IllegalArgumentException("model " + model.id() + " offers no WeightGradients"));
        double cleanAccuracy = accuracy(model.predict(batch), labels);
        Map<String, Int8Tensor> quantised = quantise(weights);
        Map<String, Int8Tensor> working = new LinkedHashMap<>();
        quantised.forEach((name, q) -> working.put(name, new Int8Tensor(q.codes().clone(), q.scale())));
        WeightFaultInjection injection = install(weights, quantised);
        try {
            Logits start = model.predict(batch);
            int[] attacked = targets == Targets.OWN_PREDICTIONS ? ownPredictions(start) : labels.clone();
            double loss = loss(start, attacked);
            List<Flip> flips = new ArrayList<>();
            for (int iteration = 1; iteration <= maxFlips; iteration++) {
                Flip best = iterate(iteration, model, weights, working, gradients.weightGradient(batch, attacked)
                        .gradients(), batch, attacked, labels, loss);
                if (best == null) {
                    break; // no bit raises the loss, however many are flipped: a local maximum
                }
                apply(weights, working.get(best.tensor()), best.bits());
                flips.add(best);
                loss = best.lossAfter();
                if (best.accuracy() <= stopAtAccuracy) {
                    break;
                }
            }
            return new Result(cleanAccuracy, accuracy(start, labels), loss(start, attacked), predictions(start),
                    List.copyOf(flips), quantised, injection, attacked);
        } catch (RuntimeException e) {
            injection.close();
            throw e;
        }
    }

    /**
     * The model's predictions on {@code batch} after 0, 1, ..., {@code flips.size()} iterations of a search made on
     * another batch (the paper's protocol: search on one attack batch, evaluate on the test set).
     *
     * @param predictions per iteration count (0 = the int8 model), the top-1 class per image (-1: non-finite logits)
     * @param logits      the logits after the last iteration
     */
    public record Replay(List<int[]> predictions, Logits logits) {
    }

    /**
     * Quantises {@code model} as {@link #run} does, applies the iterations' bits one iteration at a time, predicting
     * {@code batch} after each, and restores the float32 weights (checked bit for bit) before it returns.
     *
     * @throws IllegalStateException when a flip's code before does not match the model's (another model's flips)
     */
    public static Replay replay(Classifier model, List<Flip> flips, ImageBatch batch) {
        WritableWeights weights = model.capability(WritableWeights.class).orElseThrow(
                () -> new IllegalArgumentException("model " + model.id() + " offers no WritableWeights"));
        Map<String, Int8Tensor> quantised = quantise(weights);
        try (WeightFaultInjection injection = install(weights, quantised)) {
            List<int[]> predictions = new ArrayList<>(flips.size() + 1);
            Logits logits = model.predict(batch);
            predictions.add(predictions(logits));
            for (Flip flip : flips) {
                Int8Tensor codes = quantised.get(flip.tensor());
                for (BitChange b : flip.bits()) {
                    if (codes == null || codes.codes()[b.index()] != b.before()) {
                        throw new IllegalStateException("bit-flip replay: " + b + " does not match model " + model.id());
                    }
                    codes.codes()[b.index()] = b.after();
                }
                weights.write(flip.tensor(), codes.dequantise());
                logits = model.predict(batch);
                predictions.add(predictions(logits));
            }
            return new Replay(List.copyOf(predictions), logits);
        }
    }

    /** Every weight tensor of rank >= 2, quantised to int8 (the tensors the attack flips). */
    static Map<String, Int8Tensor> quantise(WritableWeights weights) {
        Map<String, Int8Tensor> quantised = new LinkedHashMap<>();
        for (WritableWeights.WeightTensor t : weights.tensors()) {
            if (t.shape().length >= 2) {
                quantised.put(t.name(), Int8Tensor.quantise(weights.read(t.name())));
            }
        }
        return quantised;
    }

    /** Puts the int8 model ({@code q * scale}) in place of the float32 one; closing restores the float32 weights. */
    static WeightFaultInjection install(WritableWeights weights, Map<String, Int8Tensor> quantised) {
        Map<String, float[]> values = new LinkedHashMap<>();
        quantised.forEach((name, q) -> values.put(name, q.dequantise()));
        return WeightFaultInjection.replace(weights, values, List.of("int8 quantisation"));
    }

    /**
     * The reference's targets: each row's top-1 class ({@code max(1)}; a row with non-finite logits gets what
     * {@link Logits#argmax} gives it).
     */
    private static int[] ownPredictions(Logits logits) {
        int[] classes = new int[logits.rows()];
        for (int r = 0; r < classes.length; r++) {
            classes[r] = logits.argmax(r);
        }
        return classes;
    }

    /**
     * One iteration: in-layer and cross-layer search with escalation on the loss against {@code targets}; null where
     * nothing raises it. Accuracy is recorded against {@code labels}.
     */
    private Flip iterate(int iteration, Classifier model, WritableWeights weights, Map<String, Int8Tensor> working,
            Map<String, float[]> g, ImageBatch batch, int[] targets, int[] labels, double loss) {
        Map<String, List<Ranked>> ranked = new LinkedHashMap<>();
        int most = 0;
        boolean anyCandidate = false;
        for (Map.Entry<String, Int8Tensor> layer : working.entrySet()) {
            List<Ranked> r = rank(layer.getValue(), g.get(layer.getKey()), topK);
            ranked.put(layer.getKey(), r);
            most = Math.max(most, r.size());
            anyCandidate |= !r.isEmpty() && r.getFirst().magnitude() > 0;
        }
        if (!anyCandidate) {
            return null;
        }
        for (int n = 1; n <= most; n++) {
            Flip best = null;
            for (Map.Entry<String, List<Ranked>> layer : ranked.entrySet()) {
                List<Ranked> r = layer.getValue();
                if (r.size() < n || r.getFirst().magnitude() == 0) {
                    continue; // the reference's grad_max == 0: this layer flips nothing, its loss stays
                }
                Int8Tensor codes = working.get(layer.getKey());
                byte[] saved = codes.codes().clone();
                List<BitChange> bits = apply(weights, codes, layer.getKey(), r.subList(0, n));
                Logits logits = model.predict(batch);
                double after = loss(logits, targets);
                if (best == null || after > best.lossAfter()) {
                    best = new Flip(iteration, layer.getKey(), bits, loss, after, accuracy(logits, labels),
                            predictions(logits));
                }
                System.arraycopy(saved, 0, codes.codes(), 0, saved.length); // each proposal is tried alone
                weights.write(layer.getKey(), codes.dequantise());
            }
            if (best != null && best.lossAfter() > loss) {
                return best;
            }
        }
        return null;
    }

    private static List<BitChange> apply(WritableWeights weights, Int8Tensor codes, String tensor, List<Ranked> bits) {
        List<BitChange> changes = new ArrayList<>(bits.size());
        byte[] q = codes.codes();
        for (Ranked b : bits) {
            byte before = q[b.index()];
            q[b.index()] = (byte) (before ^ (1 << b.bit()));
            changes.add(new BitChange(tensor, b.index(), b.bit(), before, q[b.index()]));
        }
        weights.write(tensor, codes.dequantise());
        return List.copyOf(changes);
    }

    private static void apply(WritableWeights weights, Int8Tensor codes, List<BitChange> bits) {
        for (BitChange b : bits) {
            codes.codes()[b.index()] = b.after();
        }
        weights.write(bits.getFirst().tensor(), codes.dequantise());
    }

    /**
     * A ranked bit: weight {@code index} (rank {@code rank} by |dL/dw|), bit {@code bit}, and its masked |dL/db| (0
     * where flipping it does not raise the loss to first order).
     */
    record Ranked(int index, int rank, int bit, double magnitude) {
    }

    /**
     * The {@code 8 min(topK, weights)} bits of the layer's top weights by |dL/dw| (ties: lower index first), ordered
     * as the reference's {@code topk} takes them: by masked |dL/db| descending; ties (the masked zeros included) by
     * the higher-ranked weight, then the more significant bit. The first has magnitude 0 when no bit qualifies.
     */
    static List<Ranked> rank(Int8Tensor tensor, float[] weightGradient, int topK) {
        byte[] codes = tensor.codes();
        int[] top = topByMagnitude(weightGradient, topK);
        List<Ranked> bits = new ArrayList<>(top.length * Byte.SIZE);
        for (int r = 0; r < top.length; r++) {
            int i = top[r];
            double dq = (double) weightGradient[i] * tensor.scale();
            for (int bit = Byte.SIZE - 1; bit >= 0; bit--) {
                double db = dq * (bit == 7 ? -128 : 1 << bit);
                int current = (codes[i] >> bit) & 1;
                // flipping 0 -> 1 adds db to the loss, 1 -> 0 subtracts it (first order)
                double gain = current == 0 ? db : -db;
                bits.add(new Ranked(i, r, bit, gain > 0 && Double.isFinite(gain) ? Math.abs(db) : 0));
            }
        }
        // a stable sort: equal magnitudes keep (rank, more significant bit first)
        bits.sort(Comparator.comparingDouble(Ranked::magnitude).reversed());
        return bits;
    }

    /** The flat indices of the {@code k} largest |g| (non-finite ones last), largest first, ties by index. */
    static int[] topByMagnitude(float[] g, int k) {
        int n = Math.min(k, g.length);
        // a bounded selection, not a full sort: layers hold up to ~10^5 weights and k is ~10
        int[] top = new int[n];
        int filled = 0;
        for (int i = 0; i < g.length; i++) {
            float m = magnitude(g[i]);
            if (filled == n && m <= magnitude(g[top[n - 1]])) {
                continue;
            }
            int at = filled < n ? filled++ : n - 1;
            while (at > 0 && magnitude(g[top[at - 1]]) < m) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = i;
        }
        return top;
    }

    private static float magnitude(float g) {
        return Float.isFinite(g) ? Math.abs(g) : -1;
    }

    /** Summed softmax cross-entropy in double (a non-finite logit row gives an infinite loss). */
    static double loss(Logits logits, int[] labels) {
        double sum = 0;
        for (int r = 0; r < logits.rows(); r++) {
            if (logits.hasNonFinite(r)) {
                return Double.POSITIVE_INFINITY;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < logits.classes(); k++) {
                max = Math.max(max, logits.at(r, k));
            }
            double z = 0;
            for (int k = 0; k < logits.classes(); k++) {
                z += Math.exp(logits.at(r, k) - max);
            }
            sum += max + Math.log(z) - logits.at(r, labels[r]);
        }
        return sum;
    }

    static int[] predictions(Logits logits) {
        int[] top = new int[logits.rows()];
        for (int r = 0; r < top.length; r++) {
            top[r] = logits.hasNonFinite(r) ? -1 : logits.argmax(r);
        }
        return top;
    }

    static double accuracy(Logits logits, int[] labels) {
        int correct = 0;
        for (int r = 0; r < logits.rows(); r++) {
            correct += !logits.hasNonFinite(r) && logits.argmax(r) == labels[r] ? 1 : 0;
        }
        return (double) correct / logits.rows();
    }
}
