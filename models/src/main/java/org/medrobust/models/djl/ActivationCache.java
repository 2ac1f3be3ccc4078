package org.medrobust.models.djl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Logits;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.capability.WritableWeights.WeightTensor;

/**
 * A model's cached activations for fault campaigns ({@link org.medrobust.models.capability.IncrementalPrediction}):
 * per batch a {@link SuffixForward} and the weights it was filled under. A prediction compares every weight tensor
 * with those, bit for bit, and re-runs the network from the first step reading a differing one, so a stale cache
 * cannot go unnoticed. A batch is cached when it is offered a second time (a batch seen once, e.g. one trial per
 * batch, would pay a fill it never uses) and while the cached activations stay within {@link #BUDGET_BYTES}; nothing
 * is evicted (a scenario that cycles over more batches than fit keeps the first ones instead of thrashing). One
 * model in the JVM holds activations at a time: a fill empties the cache of the model that filled last (a campaign
 * runs a model's scenarios together, so the earlier models' caches would only add to the peak memory).
 */
final class ActivationCache implements AutoCloseable {

    /**
     * Activation bytes one model may cache before it fills another batch (checked before a fill, so the last batch may
     * pass it): the default campaign's two fault batches of a ViT take 166 MB since its attention runs in five parts
     * (both are cached; a third would be re-run whole).
     */
    static final long BUDGET_BYTES = 128L << 20;
    private static final int SEEN = 256;
    /** {@code -Dmedrobust.activationCache.log=true}: one stderr line per fill and per batch the budget turns away. */
    private static final boolean LOG = Boolean.getBoolean("medrobust.activationCache.log");
    private static final java.util.concurrent.atomic.AtomicReference<ActivationCache> HOLDER =
            new java.util.concurrent.atomic.AtomicReference<>();

    private final WritableWeights weights;
    private final Function<ImageBatch, SuffixForward> fill;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private final Set<Long> seen = new LinkedHashSet<>(); // batches offered once, by hash and size
    private long bytes;

    ActivationCache(WritableWeights weights, Function<ImageBatch, SuffixForward> fill) {
        this.weights = weights;
        this.fill = fill;
    }

    /** Caches {@code batch} under the current weights if it was offered before and fits; refreshes a stale entry. */
    void offer(ImageBatch batch) {
        if (offerLocked(batch)) {
            // outside this cache's lock: closing another cache takes that one's
            ActivationCache previous = HOLDER.getAndSet(this);
            if (previous != null && previous != this) {
                previous.close();
            }
        }
    }

    /** True if it filled an entry. */
    private synchronized boolean offerLocked(ImageBatch batch) {
        Key key = new Key(batch);
        Entry entry = entries.get(key);
        if (entry != null) {
            if (changedTensors(entry).isEmpty()) {
                return false;
            }
            entries.remove(key);
            bytes -= entry.suffix.cachedBytes();
            entry.suffix.close();
        } else if (seen.add(((long) key.hash << 32) | batch.size())) {
            if (seen.size() > SEEN) {
                seen.remove(seen.iterator().next());
            }
            return false;
        }
        if (bytes >= BUDGET_BYTES) {
            log("not cached, the budget is full", batch);
            return false;
        }
        SuffixForward suffix = fill.apply(batch);
        entries.put(key, new Entry(snapshot(), suffix));
        bytes += suffix.cachedBytes();
        log("cached (" + suffix.cachedBytes() + " bytes)", batch);
        return true;
    }

    private void log(String what, ImageBatch batch) {
        if (LOG) {
            String model = weights instanceof org.medrobust.models.Classifier c ? c.id() : "?";
            System.err.println("medrobust: activation cache: " + model + ": batch of " + batch.size() + " images "
                    + what + "; " + entries.size() + " batches, " + bytes + " bytes held");
        }
    }

    /** The batch's logits under the current weights, or null when the batch is not cached. */
    synchronized Logits predict(ImageBatch batch) {
        Entry entry = entries.get(new Key(batch));
        return entry == null ? null : entry.suffix.predictAfterChange(changedTensors(entry));
    }

    /** Tensors whose raw bits differ from the entry's snapshot. */
    private List<String> changedTensors(Entry entry) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, float[]> tensor : entry.weights.entrySet()) {
            if (!sameBits(weights.read(tensor.getKey()), tensor.getValue())) {
                changed.add(tensor.getKey());
            }
        }
        return changed;
    }

    private Map<String, float[]> snapshot() {
        Map<String, float[]> snapshot = new LinkedHashMap<>();
        for (WeightTensor tensor : weights.tensors()) {
            snapshot.put(tensor.name(), weights.read(tensor.name()));
        }
        return snapshot;
    }

    static boolean sameBits(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    synchronized long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        HOLDER.compareAndSet(this, null);
        synchronized (this) {
            entries.values().forEach(entry -> entry.suffix.close());
            entries.clear();
            bytes = 0;
        }
    }

    private record Entry(Map<String, float[]> weights, SuffixForward suffix) {
    }

    /** A batch by its exact pixel bits (and shape). */
    private static final class Key {
        private final ImageBatch batch;
        private final int hash;

        Key(ImageBatch batch) {
            this.batch = new ImageBatch(batch.shape(), batch.size(), batch.data().clone());
            int h = batch.shape().hashCode();
            for (float v : batch.data()) {
                h = 31 * h + Float.floatToRawIntBits(v);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && other.hash == hash && other.batch.shape().equals(batch.shape())
                    && sameBits(other.batch.data(), batch.data());
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
