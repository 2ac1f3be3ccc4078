package org.medrobust.attacks.fault.weights;

/** What a fault does to one bit of a float32 (or int8) word: invert it, or force it to 0 or 1. */
public enum BitOp {
    FLIP("flip"),
    STUCK_AT_0("stuck-at-0"),
    STUCK_AT_1("stuck-at-1");

    private final String label;

    BitOp(String label) {
        this.label = label;
    }

    /** The word with bit {@code bit} (0 = least significant) changed by this operation. */
    public int apply(int word, int bit) {
        int mask = 1 << bit;
        return switch (this) {
            case FLIP -> word ^ mask;
            case STUCK_AT_0 -> word & ~mask;
            case STUCK_AT_1 -> word | mask;
        };
    }

    /** The float whose raw IEEE-754 bits are {@code value}'s with bit {@code bit} changed; NaN payloads survive. */
    public float apply(float value, int bit) {
        return Float.intBitsToFloat(apply(Float.floatToRawIntBits(value), bit));
    }

    public String label() {
        return label;
    }
}
