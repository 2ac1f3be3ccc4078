package org.medrobust.attacks.fault.weights;

/**
 * One bit of one weight: {@code tensor[index]} (flat, row-major) at bit position {@code bit} (0 = least significant;
 * for float32 31 is the sign, 23-30 the exponent with 30 its most significant bit, 0-22 the mantissa).
 */
public record WeightSite(String tensor, int index, int bit) {

    @Override
    public String toString() {
        return tensor + "[" + index + "] bit " + bit;
    }
}
