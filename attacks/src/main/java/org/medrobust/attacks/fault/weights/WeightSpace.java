package org.medrobust.attacks.fault.weights;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.capability.WritableWeights.WeightTensor;

/**
 * The weight bits a fault may hit, numbered 0 .. bits()-1 across the chosen tensors in the model's tensor order
 * (weight by weight, {@code bitsPerWeight} bits each), so that "a uniformly random bit" and "every bit
 * independently with probability p" are exact statements about one address space.
 */
public final class WeightSpace {

    private final List<WeightTensor> tensors;
    private final long[] firstWeight;   // cumulative weight counts, one more entry than tensors
    private final int bitsPerWeight;

    private WeightSpace(List<WeightTensor> tensors, int bitsPerWeight) {
        this.tensors = List.copyOf(tensors);
        this.bitsPerWeight = bitsPerWeight;
        firstWeight = new long[tensors.size() + 1];
        for (int t = 0; t < tensors.size(); t++) {
            firstWeight[t + 1] = firstWeight[t] + size(tensors.get(t));
        }
    }

    /**
     * @param layer one tensor's name, or null for every tensor
     * @throws IllegalArgumentException when the model has no such tensor
     */
    public static WeightSpace of(WritableWeights weights, String layer, int bitsPerWeight) {
        List<WeightTensor> chosen = new ArrayList<>();
        for (WeightTensor t : weights.tensors()) {
            if (layer == null || t.name().equals(layer)) {
                chosen.add(t);
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("the model has no weight tensor '" + layer + "'");
        }
        return new WeightSpace(chosen, bitsPerWeight);
    }

    public long weights() {
        return firstWeight[tensors.size()];
    }

    public long bits() {
        return weights() * bitsPerWeight;
    }

    /** The site of bit address {@code address} (0 .. bits()-1). */
    public WeightSite site(long address) {
        return site(address / bitsPerWeight, (int) (address % bitsPerWeight));
    }

    /** Bit {@code bit} of weight number {@code weight} (0 .. weights()-1). */
    public WeightSite site(long weight, int bit) {
        int t = 0;
        while (firstWeight[t + 1] <= weight) {
            t++;
        }
        return new WeightSite(tensors.get(t).name(), (int) (weight - firstWeight[t]), bit);
    }

    /** {@code count} distinct uniformly random weights, each at bit {@code bit}, or at a uniformly random bit if -1. */
    public List<WeightSite> randomSites(int count, int bit, RandomGenerator random) {
        if (count > weights()) {
            throw new IllegalArgumentException(count + " sites asked for in " + weights() + " weights");
        }
        java.util.Set<Long> used = new java.util.HashSet<>();
        List<WeightSite> sites = new ArrayList<>(count);
        while (sites.size() < count) {
            long weight = random.nextLong(weights());
            if (used.add(weight)) {
                sites.add(site(weight, bit >= 0 ? bit : random.nextInt(bitsPerWeight)));
            }
        }
        return sites;
    }

    /**
     * Every bit independently with probability {@code rate}: a Bernoulli process over the addresses, drawn by its
     * geometric gaps ({@code gap = floor(ln U / ln(1 - rate))}, Devroye 1986, ch. X.2), so the cost is the number of
     * hits, not the number of bits. Sites come out in address order; rate 0 gives none.
     */
    public List<WeightSite> bernoulliSites(double rate, RandomGenerator random) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("a bit error rate must lie in [0, 1], got " + rate);
        }
        List<WeightSite> sites = new ArrayList<>();
        if (rate == 0) {
            return sites;
        }
        double logSkip = Math.log1p(-rate);
        long address = -1;
        while (true) {
            double u = 1.0 - random.nextDouble(); // in (0, 1]
            double gap = rate == 1 ? 0 : Math.floor(Math.log(u) / logSkip);
            if (gap >= bits() - address - 1) {
                return sites;
            }
            address += (long) gap + 1;
            sites.add(site(address));
        }
    }

    static long size(WeightTensor tensor) {
        long n = 1;
        for (long d : tensor.shape()) {
            n *= d;
        }
        return n;
    }
}
