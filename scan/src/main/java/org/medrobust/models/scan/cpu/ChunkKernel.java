package org.medrobust.models.scan.cpu;

/**
 * The inner loops of the CPU scan, over float[] scratch rows. Two implementations: {@link VectorChunkKernel}
 * (jdk.incubator.vector, explicit SIMD over the state dimension) and {@link ScalarChunkKernel} (plain loops left to
 * C2's auto-vectoriser). Rows are one (batch, channel) sequence; bt/ct are B and C of the row's (batch, group),
 * transposed to [length][dstate].
 */
interface ChunkKernel {

    String name();

    /**
     * dt[i] = softplus?(delta[i] + bias), dtu[i] = dt[i] * u[i], for i in [0, len). When sig is not null it receives
     * d softplus / d raw (sigmoid of the raw value, 1 past the threshold) for the backward pass.
     */
    void prologue(int len, float[] delta, float bias, boolean softplus, float[] u, float[] dt, float[] dtu, float[] sig);

    /**
     * Steps t in [t0, t0 + count): h = exp(dt_t A) h + dtu_t B_t, y[t] = C_t . h (without D or gate). h is the
     * dstate-wide state, updated in place. hist (count * n), when not null, receives h after each step; e (count * n),
     * when not null, receives exp(dt_t A).
     */
    void scanChunk(int n, int t0, int count, float[] dt, float[] dtu, float[] a, int aOff, float[] bt, float[] ct,
                   int bcOff, float[] h, float[] y, float[] hist, float[] e);

    /** out[i] = (y[i] + dskip * u[i]) * silu(z[i]) (z may be null: no gate). */
    void epilogue(int len, float[] y, float dskip, float[] u, float[] z, float[] out);

    /** Plain float exp used by the scalar paths (vectorisable by C2: no calls, no branches). */
    static float fastExp(float x) {
        float v = Math.min(Math.max(x, -87.3f), 88.7f);
        float kf = v * 1.44269504089f + 12582912f;
        kf = kf - 12582912f;
        float r = v - kf * 0.693359375f;
        r = r + kf * 2.12194440e-4f;
        float p = 1.9875691500E-4f;
        p = p * r + 1.3981999507E-3f;
        p = p * r + 8.3334519073E-3f;
        p = p * r + 4.1665795894E-2f;
        p = p * r + 1.6666665459E-1f;
        p = p * r + 5.0000001201E-1f;
        p = p * r * r + r + 1f;
        int k = (int) kf;
        return p * Float.intBitsToFloat((k + 127) << 23);
    }
}
