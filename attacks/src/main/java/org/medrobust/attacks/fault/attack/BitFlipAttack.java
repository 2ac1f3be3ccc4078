package org.medrobust.attacks.fault.attack;

import java.util.ArrayList;
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
 * ({@link Int8Tensor}), and the model runs on {@code q * scale}. Each iteration of the progressive bit search flips one
 * bit:
 * <ol>
 * <li><b>in-layer search</b> (sec. 3.2): with {@code g = dL/dw} of the summed cross-entropy on the attack batch, the
 * gradient of bit {@code i} of code {@code q} is {@code dL/db_i = g * scale * v_i}, {@code v_i = 2^i} for
 * {@code i < 7} and {@code -128} for the two's-complement sign bit. As the authors' code ({@code attack/BFA.py},
 * {@code flip_bit}, {@code k_top = 10}), only the layer's {@code topK} weights with the largest {@code |g|} are
 * considered (ties: the lower flat index first). Flipping {@code b_i} changes the loss to first order by
 * {@code dL/db_i * (1 - 2 b_i)}; a bit is a candidate only where this is positive (the paper's
 * {@code b XOR sign} gradient mask), and the layer proposes the candidate with the largest {@code |dL/db_i|}
 * (n_b = 1; ties: the higher-ranked weight, then the more significant bit);</li>
 * <li><b>cross-layer search</b>: each layer's proposal is applied alone and the attack batch's loss measured; the flip
 * that gives the largest loss is kept, the others are undone.</li>
 * </ol>
 * {@link #run} returns the flips with the loss, accuracy and per-image predictions after each; closing the result
 * restores the float32 weights bit for bit (checked). The model must offer {@link WritableWeights} and
 * {@link WeightGradients}. Unlike the reference, which flips two bits per layer (then three...) in an iteration
 * whose best single-bit proposal does not raise the measured loss, this keeps that best single-bit proposal anyway,
 * and stops only when no layer has a bit that raises the loss to first order. Nothing is random: the same model and
 * batch give the same flips.
 */
public final class BitFlipAttack {

    /** The authors' default number of weights per layer whose bits are ranked ({@code k_top}). */
    public static final int DEFAULT_TOP_K = 10;

    /**
     * One kept flip: {@code tensor[index]}'s int8 code went from {@code before} to {@code after} (bit {@code bit}).
     *
     * @param predictions the attack batch's top-1 class per image after this flip (-1 for non-finite logits)
     */
    public record Flip(int iteration, String tensor, int index, int bit, byte before, byte after, double lossBefore,
            double lossAfter, double accuracy, int[] predictions) {

        @Override
        public String toString() {
            return tensor + "[" + index + "] int8 bit " + bit + " flip (" + before + " -> " + after + ")";
        }
    }

    /**
     * The attacked model: {@link #flips()} in order; {@link #close()} restores the original float32 weights.
     *
     * @param cleanAccuracy     the float32 model's accuracy on the attack batch
     * @param quantisedAccuracy the int8 model's before any flip
     * @param quantisedLoss     its summed cross-entropy
     * @param quantisedPredictions its top-1 class per image (-1 for non-finite logits)
     */
    public record Result(double cleanAccuracy, double quantisedAccuracy, double quantisedLoss,
            int[] quantisedPredictions, List<Flip> flips, Map<String, Int8Tensor> quantised, FaultInjection injection)
            implements FaultInjection {

        @Override
        public List<String> sites() {
            return flips.stream().map(Flip::toString).toList();
        }

        @Override
        public void close() {
            injection.close();
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
     * @param maxFlips       iterations of the progressive bit search (one flip each)
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
        parameters.put("search", "progressive bit search: per layer the loss-raising bit with the largest |dL/db|"
                + " among the topK weights by |dL/dw|, then the layer whose flip gives the largest attack-batch loss");
        return parameters;
    }

    /** Attacks {@code model} on the batch; the caller closes the result to restore the model. */
    public Result run(Classifier model, ImageBatch batch, int[] labels) {
        WritableWeights weights = model.capability(WritableWeights.class).orElseThrow(
                () -> new IllegalArgumentException("model " + model.id() + " offers no WritableWeights"));
        WeightGradients gradients = model.capability(WeightGradients.class).orElseThrow(
                () -> new IllegalArgumentException("model " + model.id() + " offers no WeightGradients"));
        double cleanAccuracy = accuracy(model.predict(batch), labels);
        Map<String, Int8Tensor> quantised = new LinkedHashMap<>();
        Map<String, Int8Tensor> working = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        for (WritableWeights.WeightTensor t : weights.tensors()) {
            if (t.shape().length >= 2) {
                Int8Tensor q = Int8Tensor.quantise(weights.read(t.name()));
                quantised.put(t.name(), q);
                working.put(t.name(), new Int8Tensor(q.codes().clone(), q.scale()));
                values.put(t.name(), q.dequantise());
            }
        }
        WeightFaultInjection injection = WeightFaultInjection.replace(weights, values, List.of("int8 quantisation"));
        try {
            Logits start = model.predict(batch);
            double loss = loss(start, labels);
            double quantisedAccuracy = accuracy(start, labels);
            int[] quantisedPredictions = predictions(start);
            List<Flip> flips = new ArrayList<>();
            for (int iteration = 1; iteration <= maxFlips; iteration++) {
                Map<String, float[]> g = gradients.weightGradient(batch, labels).gradients();
                Flip best = null;
                for (Map.Entry<String, Int8Tensor> layer : working.entrySet()) {
                    Candidate c = inLayer(layer.getValue(), g.get(layer.getKey()), topK);
                    if (c == null) {
                        continue;
                    }
                    Int8Tensor codes = layer.getValue();
                    byte before = codes.codes()[c.index];
                    codes.codes()[c.index] = (byte) (before ^ (1 << c.bit));
                    weights.write(layer.getKey(), codes.dequantise());
                    Logits logits = model.predict(batch);
                    double after = loss(logits, labels);
                    if (best == null || after > best.lossAfter()) {
                        best = new Flip(iteration, layer.getKey(), c.index, c.bit, before, codes.codes()[c.index], loss,
                                after, accuracy(logits, labels), predictions(logits));
                    }
                    codes.codes()[c.index] = before; // cross-layer search: each proposal is tried alone
                    weights.write(layer.getKey(), codes.dequantise());
                }
                if (best == null) {
                    break; // no bit raises the loss to first order: a local maximum
                }
                Int8Tensor codes = working.get(best.tensor());
                codes.codes()[best.index()] = best.after();
                weights.write(best.tensor(), codes.dequantise());
                flips.add(best);
                loss = best.lossAfter();
                if (best.accuracy() <= stopAtAccuracy) {
                    break;
                }
            }
            return new Result(cleanAccuracy, quantisedAccuracy, loss(start, labels), quantisedPredictions,
                    List.copyOf(flips), quantised, injection);
        } catch (RuntimeException e) {
            injection.close();
            throw e;
        }
    }

    private record Candidate(int index, int bit) {
    }

    /**
     * The bit with the largest |dL/db| among those whose flip raises the loss to first order, over the {@code topK}
     * weights with the largest |dL/dw| (ties: lower index first); ties in |dL/db| go to the higher-ranked weight, then
     * the more significant bit. Null when no bit qualifies.
     */
    static Candidate inLayer(Int8Tensor tensor, float[] weightGradient, int topK) {
        byte[] codes = tensor.codes();
        double bestMagnitude = 0;
        Candidate best = null;
        for (int i : topByMagnitude(weightGradient, topK)) {
            double dq = (double) weightGradient[i] * tensor.scale();
            if (dq == 0 || !Double.isFinite(dq)) {
                continue;
            }
            for (int bit = Byte.SIZE - 1; bit >= 0; bit--) {
                double db = dq * (bit == 7 ? -128 : 1 << bit);
                int current = (codes[i] >> bit) & 1;
                // flipping 0 -> 1 adds db to the loss, 1 -> 0 subtracts it (first order)
                double gain = current == 0 ? db : -db;
                if (gain > 0 && Math.abs(db) > bestMagnitude) {
                    bestMagnitude = Math.abs(db);
                    best = new Candidate(i, bit);
                }
            }
        }
        return best;
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
