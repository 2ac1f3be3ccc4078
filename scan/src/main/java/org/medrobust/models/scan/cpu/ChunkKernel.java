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
                   int bcOff, float[] h, float[] y, float[] hist, float[] e, float[] parts);

    /**
     * The backward steps t = count - 1 .. 0 of the chunk that starts at t0, after {@link #scanChunk} over the same
     * chunk filled hist and e; the state before step 0 is ckpt[ckptOff .. + n). gy is d loss / d y. dh (n) carries
     * d loss / d h from step to step and chunk to chunk. Adds to dCt and dBt (rows as bt/ct) and dA (at aOff); writes
     * dx[t0 + t] = sum_k dh_k B_k and ddtA[t0 + t] = sum_k da_k A_k (da = d loss / d (dt A) per state), the two sums
     * the caller turns into du and ddelta. parts and parts2 (count * n) are scratch.
     */
    void backwardChunk(int n, int t0, int count, float[] gy, float[] dt, float[] dtu, float[] a, int aOff, float[] bt,
                       float[] ct, int bcOff, float[] hist, float[] e, float[] ckpt, int ckptOff, float[] dh,
                       float[] dBt, float[] dCt, float[] dA, float[] dx, float[] ddtA, float[] parts, float[] parts2);

    /** {@link #backwardChunk} one state at a time (the scalar kernel, and the vector kernel for other widths). */
    static void backwardChunkScalar(int n, int t0, int count, float[] gy, float[] dt, float[] dtu, float[] a, int aOff,
                                    float[] bt, float[] ct, int bcOff, float[] hist, float[] e, float[] ckpt,
                                    int ckptOff, float[] dh, float[] dBt, float[] dCt, float[] dA, float[] dx,
                                    float[] ddtA) {
        for (int t = count - 1; t >= 0; t--) {
            int tt = t0 + t;
            float g = gy[tt];
            float dtv = dt[tt];
            float x = dtu[tt];
            int bo = bcOff + tt * n;
            int ho = t * n;
            float[] prev = t > 0 ? hist : ckpt;
            int po = t > 0 ? (t - 1) * n : ckptOff;
            float sx = 0f, sa = 0f;
            for (int k = 0; k < n; k++) {
                float dhk = dh[k] + ct[bo + k] * g;
                dCt[bo + k] += g * hist[ho + k];
                dBt[bo + k] += dhk * x;
                sx += dhk * bt[bo + k];
                float ek = e[ho + k];
                float da = dhk * prev[po + k] * ek;
                sa += da * a[aOff + k];
                dA[aOff + k] += da * dtv;
                dh[k] = dhk * ek;
            }
            dx[tt] = sx;
            ddtA[tt] = sa;
        }
    }

    /** out[i] = (y[i] + dskip * u[i]) * silu(z[i]) (z may be null: no gate). */
    void epilogue(int len, float[] y, float dskip, float[] u, float[] z, float[] out);

    /**
     * Float exp (Cephes expf: Cody-Waite reduction, degree-6 polynomial in Horner form, about 1 ulp) from IEEE
     * operations that are exactly rounded by specification (add, mul, fma) and integer bit operations, so its result
     * is the same in the interpreter, C1 and C2 and on every machine (Math.exp may be an intrinsic with tier-dependent
     * rounding; fma is one instruction on every x86 CPU since 2013). {@link VectorChunkKernel#exp} is the same formula
     * lane-wise, bit for bit. Vectorisable by C2: no calls, no branches.
     *
     * <p>x is clamped to [-86.5, 88.3], where 2^k p stays a normal float, so the scale 2^k is applied by adding k to
     * p's exponent field (one integer add instead of building 2^k and multiplying): the rounding constant 1.5 * 2^23
     * leaves k in the low bits of t, and t's bits shifted left by 23 are k << 23 (the constant's own bits wrap to 0).
     * Below -86.5 the result stays at exp(-86.5), about 2.7e-38, instead of going to 0.
     */
    static float fastExp(float x) {
        float v = Math.min(Math.max(x, -86.5f), 88.3f);
        float t = Math.fma(v, 1.44269504089f, 12582912f);
        float kf = t - 12582912f;
        float r = Math.fma(kf, 2.12194440e-4f, Math.fma(kf, -0.693359375f, v));
        float p = Math.fma(1.9875691500E-4f, r, 1.3981999507E-3f);
        p = Math.fma(p, r, 8.3334519073E-3f);
        p = Math.fma(p, r, 4.1665795894E-2f);
        p = Math.fma(p, r, 1.6666665459E-1f);
        p = Math.fma(p, r, 5.0000001201E-1f);
        p = Math.fma(p * r, r, r) + 1f;
        return Float.intBitsToFloat(Float.floatToRawIntBits(p) + (Float.floatToRawIntBits(t) << 23));
    }

    /** {@link #prologue} for positions [from, len), one at a time (the scalar kernel, and the vector kernel's tail). */
    static void prologueScalar(int from, int len, float[] delta, float bias, boolean softplus, float[] u, float[] dt,
                               float[] dtu, float[] sig) {
        for (int i = from; i < len; i++) {
            float raw = delta[i] + bias;
            float v = raw;
            float slope = 1f;
            if (softplus && raw <= 20f) {
                v = softplus(raw);
                slope = softplusSlope(raw);
            }
            if (sig != null) {
                sig[i] = slope;
            }
            dt[i] = v;
            dtu[i] = v * u[i];
        }
    }

    /**
     * softplus(raw) = max(raw, 0) + log1p(exp(-|raw|)), with log1p(w) for w in (0, 1] as 2 atanh(s), s = w / (2 + w)
     * in (0, 1/3], by its odd series to s^15 (truncation below 2e-9 relative): basic operations only, so
     * deterministic across JIT tiers like {@link #fastExp}; {@link VectorChunkKernel} computes it lane-wise, bit for bit.
     */
    static float softplus(float raw) {
        float w = fastExp(-Math.abs(raw));
        return Math.max(raw, 0f) + log1pUnit(w);
    }

    /** d softplus / d raw = sigmoid(raw), from the same w = exp(-|raw|) as {@link #softplus}. */
    static float softplusSlope(float raw) {
        float w = fastExp(-Math.abs(raw));
        return (raw >= 0f ? 1f : w) / (1f + w);
    }

    /** log1p(w) for w in [0, 1]: see {@link #softplus}. */
    static float log1pUnit(float w) {
        float s = w / (2f + w);
        float s2 = s * s;
        float p = 1f / 15f;
        p = p * s2 + 1f / 13f;
        p = p * s2 + 1f / 11f;
        p = p * s2 + 1f / 9f;
        p = p * s2 + 1f / 7f;
        p = p * s2 + 1f / 5f;
        p = p * s2 + 1f / 3f;
        p = p * s2 + 1f;
        return 2f * s * p;
    }
}
