package org.medrobust.attacks.fault.quantised;

/**
 * Symmetric per-tensor int8 quantisation, as PyTorch's {@code torch.quantize_per_tensor} with
 * {@code qint8}, zero point 0 and the symmetric min-max observer (and as the Bit-Flip Attack's model, Rakin et al.
 * 2019, sec. 3.1): {@code scale = max|w| / 127}, {@code q = clamp(round(w / scale), -127, 127)},
 * {@code w~ = q * scale}. Values of the form {@code q * scale} round-trip exactly.
 *
 * @param codes the int8 codes, one per weight
 * @param scale the float32 step; 1 for an all-zero tensor (any scale represents it)
 */
public record Int8Tensor(byte[] codes, float scale) {

    public static final int LEVEL = 127;

    public static Int8Tensor quantise(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        float scale = max == 0 ? 1f : max / LEVEL;
        byte[] codes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            codes[i] = (byte) Math.clamp(Math.round(values[i] / scale), -LEVEL, LEVEL);
        }
        return new Int8Tensor(codes, scale);
    }

    /** The weights the int8 model computes with: {@code q * scale} in float32. */
    public float[] dequantise() {
        float[] values = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            values[i] = codes[i] * scale;
        }
        return values;
    }
}
