package org.medrobust.attacks.fault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.medrobust.attacks.fault.activations.ActivationBitFlip;
import org.medrobust.attacks.fault.quantised.Int8BitFlips;
import org.medrobust.attacks.fault.scan.ScanBitFlip;
import org.medrobust.attacks.fault.weights.BitErrorRate;
import org.medrobust.attacks.fault.weights.RandomBitFlips;

/**
 * Every fault model a campaign can name, by id, with its severity levels. A chosen single site
 * ({@code ChosenBitFlip}) has no severity scale and is built in code, not named in a campaign.
 */
public final class FaultCatalog {

    /** Default number of seeded trials per (model, fault, severity) when a campaign does not say. */
    public static final int DEFAULT_TRIALS = 5;

    /** Weight tensors the per-layer fault walks through by default (a model with fewer skips the rest). */
    public static final int DEFAULT_LAYERS = 8;

    private record Entry(int levels, IntFunction<FaultModel> factory) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        ENTRIES.put(BitErrorRate.ID, new Entry(BitErrorRate.RATES.length, BitErrorRate::flips));
        ENTRIES.put(BitErrorRate.STUCK_AT_0_ID, new Entry(BitErrorRate.RATES.length, s -> BitErrorRate.stuckAt(0, s)));
        ENTRIES.put(BitErrorRate.STUCK_AT_1_ID, new Entry(BitErrorRate.RATES.length, s -> BitErrorRate.stuckAt(1, s)));
        ENTRIES.put(RandomBitFlips.BIT_POSITION_ID, new Entry(32, RandomBitFlips::atBitPosition));
        ENTRIES.put(RandomBitFlips.MSB_PER_LAYER_ID, new Entry(DEFAULT_LAYERS, RandomBitFlips::msbOfLayer));
        ENTRIES.put(Int8BitFlips.ID, new Entry(Int8BitFlips.FLIPS.length, Int8BitFlips::new));
        ENTRIES.put(ActivationBitFlip.ID, new Entry(DEFAULT_LAYERS, ActivationBitFlip::msbOfLayer));
        ENTRIES.put(ActivationBitFlip.INSIDE_BLOCKS_ID, new Entry(DEFAULT_LAYERS, ActivationBitFlip::msbInsideBlocks));
        ENTRIES.put(ScanBitFlip.STATE_ID, new Entry(DEFAULT_LAYERS, ScanBitFlip::stateMsb));
        ENTRIES.put(ScanBitFlip.OUTPUT_ID, new Entry(DEFAULT_LAYERS, ScanBitFlip::outputMsb));
    }

    /** Faults inside blocks and scans whose severity numbers a point or a scan (any number >= 1). */
    private static final java.util.Set<String> PER_SITE = java.util.Set.of(ActivationBitFlip.INSIDE_BLOCKS_ID,
            ScanBitFlip.STATE_ID, ScanBitFlip.OUTPUT_ID);

    private FaultCatalog() {
    }

    public static List<String> ids() {
        return List.copyOf(ENTRIES.keySet());
    }

    public static boolean contains(String id) {
        return ENTRIES.containsKey(id);
    }

    /**
     * @throws IllegalArgumentException for an unknown id or a severity out of range (per-layer faults take any
     *                                  severity >= 1: the layer number)
     */
    public static FaultModel create(String id, int severity) {
        Entry entry = ENTRIES.get(id);
        if (entry == null) {
            throw new IllegalArgumentException("unknown fault model '" + id + "': known are " + ids());
        }
        boolean perLayer = id.equals(RandomBitFlips.MSB_PER_LAYER_ID) || id.equals(ActivationBitFlip.ID)
                || PER_SITE.contains(id);
        if (severity < 1 || (!perLayer && severity > entry.levels())) {
            throw new IllegalArgumentException("fault model '" + id + "' has severities 1-" + entry.levels()
                    + (perLayer ? " (or any layer number)" : "") + ", got " + severity);
        }
        return entry.factory().apply(severity);
    }

    /** One instance per default severity level, mildest first. */
    public static List<FaultModel> allSeverities(String id) {
        List<FaultModel> all = new ArrayList<>();
        for (int severity = 1; severity <= ENTRIES.get(id).levels(); severity++) {
            all.add(create(id, severity));
        }
        return all;
    }
}
