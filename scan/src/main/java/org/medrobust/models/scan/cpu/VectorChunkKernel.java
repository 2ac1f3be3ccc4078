package org.medrobust.models.scan.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * jdk.incubator.vector kernel: the state dimension is one (or several) SIMD vectors. Only loaded when the module is
 * in the boot layer (see {@link CpuSelectiveScan}).
 *
 * <p>Bit-reproducible: the same inputs give the same bits in the interpreter, after C1 and after C2, whatever the
 * thread count or batch size. So it avoids the two Vector API operations whose rounding is not pinned down:
 * {@code lanewise(EXP/LOG1P)} (the JDK's vector math stubs once compiled, per-lane Math calls before) and
 * {@code reduceLanes(ADD)} (order unspecified). exp and softplus are {@link ChunkKernel}'s formulas lane-wise from
 * basic IEEE operations (identical bits to the scalar tails), and sums go through a fixed butterfly ({@link #sum}).
 */
final class VectorChunkKernel implements ChunkKernel {

    static final VectorChunkKernel INSTANCE = new VectorChunkKernel();

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = S.length();

    @Override
    public String name() {
        return "vector" + S.vectorBitSize();
    }

    @Override
    public void prologue(int len, float[] delta, float bias, boolean softplus, float[] u, float[] dt, float[] dtu,
                         float[] sig) {
        int i = 0;
        int bound = S.loopBound(len);
        for (; i < bound; i += LANES) {
            FloatVector raw = FloatVector.fromArray(S, delta, i).add(bias);
            FloatVector v = raw;
            if (softplus) {
                VectorMask<Float> large = raw.compare(VectorOperators.GT, 20f);
                FloatVector w = exp(raw.abs().neg());
                v = raw.max(0f).add(log1pUnit(w)).blend(raw, large);
                if (sig != null) {
                    FloatVector.broadcast(S, 1f).blend(w, raw.compare(VectorOperators.LT, 0f)).div(w.add(1f))
                            .blend(1f, large).intoArray(sig, i);
                }
            } else if (sig != null) {
                FloatVector.broadcast(S, 1f).intoArray(sig, i);
            }
            v.intoArray(dt, i);
            v.mul(FloatVector.fromArray(S, u, i)).intoArray(dtu, i);
        }
        ChunkKernel.prologueScalar(i, len, delta, bias, softplus, u, dt, dtu, sig);
    }

    @Override
    public void scanChunk(int n, int t0, int count, float[] dt, float[] dtu, float[] a, int aOff, float[] bt,
                          float[] ct, int bcOff, float[] h, float[] y, float[] hist, float[] e, float[] parts) {
        if (n == LANES) {
            oneVector(t0, count, dt, dtu, a, aOff, bt, ct, bcOff, h, y, hist, e, parts);
            return;
        }
        int bound = S.loopBound(n);
        for (int t = 0; t < count; t++) {
            float dv = dt[t0 + t];
            float x = dtu[t0 + t];
            int bo = bcOff + (t0 + t) * n;
            int o = t * n;
            float acc = 0f;
            int k = 0;
            if (bound > 0) {
                FloatVector accV = FloatVector.zero(S);
                for (; k < bound; k += LANES) {
                    FloatVector ev = exp(FloatVector.fromArray(S, a, aOff + k).mul(dv));
                    FloatVector hv = ev.fma(FloatVector.fromArray(S, h, k),
                            FloatVector.fromArray(S, bt, bo + k).mul(x));
                    hv.intoArray(h, k);
                    accV = FloatVector.fromArray(S, ct, bo + k).fma(hv, accV);
                    if (e != null) {
                        ev.intoArray(e, o + k);
                    }
                }
                acc = sum(accV);
            }
            for (; k < n; k++) {
                float ek = ChunkKernel.fastExp(dv * a[aOff + k]);
                float hk = ek * h[k] + x * bt[bo + k];
                h[k] = hk;
                acc += ct[bo + k] * hk;
                if (e != null) {
                    e[o + k] = ek;
                }
            }
            y[t0 + t] = acc;
            if (hist != null) {
                System.arraycopy(h, 0, hist, o, n);
            }
        }
    }

    /**
     * dstate equals the vector length (16 floats on AVX-512): the state lives in one register. The products C_t h_t
     * go to parts and are summed afterwards, LANES steps at a time ({@link #rowSums}), off the recurrence's path.
     */
    private static void oneVector(int t0, int count, float[] dt, float[] dtu, float[] a, int aOff, float[] bt,
                                  float[] ct, int bcOff, float[] h, float[] y, float[] hist, float[] e,
                                  float[] parts) {
        FloatVector av = FloatVector.fromArray(S, a, aOff);
        FloatVector hv = FloatVector.fromArray(S, h, 0);
        for (int t = 0; t < count; t++) {
            int bo = bcOff + (t0 + t) * LANES;
            FloatVector ev = exp(av.mul(dt[t0 + t]));
            hv = ev.fma(hv, FloatVector.fromArray(S, bt, bo).mul(dtu[t0 + t]));
            FloatVector.fromArray(S, ct, bo).mul(hv).intoArray(parts, t * LANES);
            if (hist != null) {
                hv.intoArray(hist, t * LANES);
            }
            if (e != null) {
                ev.intoArray(e, t * LANES);
            }
        }
        hv.intoArray(h, 0);
        rowSums(parts, count, y, t0);
    }

    @Override
    public void backwardChunk(int n, int t0, int count, float[] gy, float[] dt, float[] dtu, float[] a, int aOff,
                              float[] bt, float[] ct, int bcOff, float[] hist, float[] e, float[] ckpt, int ckptOff,
                              float[] dh, float[] dBt, float[] dCt, float[] dA, float[] dx, float[] ddtA,
                              float[] parts, float[] parts2) {
        if (n != LANES) {
            ChunkKernel.backwardChunkScalar(n, t0, count, gy, dt, dtu, a, aOff, bt, ct, bcOff, hist, e, ckpt, ckptOff,
                    dh, dBt, dCt, dA, dx, ddtA);
            return;
        }
        FloatVector av = FloatVector.fromArray(S, a, aOff);
        FloatVector dhv = FloatVector.fromArray(S, dh, 0);
        FloatVector dAv = FloatVector.fromArray(S, dA, aOff);
        for (int t = count - 1; t >= 0; t--) {
            int tt = t0 + t;
            float g = gy[tt];
            int bo = bcOff + tt * LANES;
            int ho = t * LANES;
            FloatVector prev = t > 0 ? FloatVector.fromArray(S, hist, ho - LANES)
                    : FloatVector.fromArray(S, ckpt, ckptOff);
            FloatVector gv = FloatVector.broadcast(S, g);
            FloatVector dhk = FloatVector.fromArray(S, ct, bo).fma(gv, dhv);
            FloatVector.fromArray(S, hist, ho).fma(gv, FloatVector.fromArray(S, dCt, bo)).intoArray(dCt, bo);
            dhk.fma(FloatVector.broadcast(S, dtu[tt]), FloatVector.fromArray(S, dBt, bo)).intoArray(dBt, bo);
            dhk.mul(FloatVector.fromArray(S, bt, bo)).intoArray(parts, ho);
            FloatVector ev = FloatVector.fromArray(S, e, ho);
            FloatVector da = dhk.mul(prev).mul(ev);
            da.mul(av).intoArray(parts2, ho);
            dAv = da.fma(FloatVector.broadcast(S, dt[tt]), dAv);
            dhv = dhk.mul(ev);
        }
        dhv.intoArray(dh, 0);
        dAv.intoArray(dA, aOff);
        rowSums(parts, count, dx, t0);
        rowSums(parts2, count, ddtA, t0);
    }

    @Override
    public void epilogue(int len, float[] y, float dskip, float[] u, float[] z, float[] out) {
        int i = 0;
        int bound = S.loopBound(len);
        for (; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(S, u, i).mul(dskip).add(FloatVector.fromArray(S, y, i));
            if (z != null) {
                FloatVector zz = FloatVector.fromArray(S, z, i);
                v = v.mul(zz).div(exp(zz.neg()).add(1f));
            }
            v.intoArray(out, i);
        }
        for (; i < len; i++) {
            float v = y[i] + dskip * u[i];
            if (z != null) {
                float zz = z[i];
                v = v * zz / (1f + ChunkKernel.fastExp(-zz));
            }
            out[i] = v;
        }
    }

    /* Swap partners of the butterfly (lane i with lane i ^ d), as constants: C2 only turns a rearrange into one
       permute instruction when the shuffle is a constant; looping over an array of shuffles was 3.5x slower. */
    private static final VectorShuffle<Float> SWAP_32 = VectorShuffle.fromOp(S, lane -> (lane ^ 32) & (LANES - 1));
    private static final VectorShuffle<Float> SWAP_16 = VectorShuffle.fromOp(S, lane -> (lane ^ 16) & (LANES - 1));
    private static final VectorShuffle<Float> SWAP_8 = VectorShuffle.fromOp(S, lane -> (lane ^ 8) & (LANES - 1));
    private static final VectorShuffle<Float> SWAP_4 = VectorShuffle.fromOp(S, lane -> (lane ^ 4) & (LANES - 1));
    private static final VectorShuffle<Float> SWAP_2 = VectorShuffle.fromOp(S, lane -> (lane ^ 2) & (LANES - 1));
    private static final VectorShuffle<Float> SWAP_1 = VectorShuffle.fromOp(S, lane -> (lane ^ 1) & (LANES - 1));

    /**
     * Sum of the lanes in one fixed pairing order (a butterfly; up to 64 lanes, i.e. 2048-bit SVE), unlike
     * reduceLanes(ADD), whose order may vary.
     */
    static float sum(FloatVector v) {
        if (LANES >= 64) {
            v = v.add(v.rearrange(SWAP_32));
        }
        if (LANES >= 32) {
            v = v.add(v.rearrange(SWAP_16));
        }
        if (LANES >= 16) {
            v = v.add(v.rearrange(SWAP_8));
        }
        if (LANES >= 8) {
            v = v.add(v.rearrange(SWAP_4));
        }
        if (LANES >= 4) {
            v = v.add(v.rearrange(SWAP_2));
        }
        if (LANES >= 2) {
            v = v.add(v.rearrange(SWAP_1));
        }
        return v.lane(0);
    }

    /* Lanes whose index has bit d set: the half of a pair that the second operand fills (see pair). */
    private static final VectorMask<Float> BIT_32 = bitMask(32);
    private static final VectorMask<Float> BIT_16 = bitMask(16);
    private static final VectorMask<Float> BIT_8 = bitMask(8);
    private static final VectorMask<Float> BIT_4 = bitMask(4);
    private static final VectorMask<Float> BIT_2 = bitMask(2);
    private static final VectorMask<Float> BIT_1 = bitMask(1);

    private static VectorMask<Float> bitMask(int d) {
        boolean[] bits = new boolean[LANES];
        for (int lane = 0; lane < LANES; lane++) {
            bits[lane] = (lane & d) != 0;
        }
        return VectorMask.fromArray(S, bits, 0);
    }

    /**
     * out[outOff + i] = the sum of the LANES floats parts[i * LANES ..], for i in [0, rows). Blocks of LANES rows are
     * summed together as a transpose: each butterfly level pairs two rows into one vector (one blend, one permute, one
     * add for two rows' worth), so a block costs LANES - 1 pairings instead of LANES full butterflies. Every sum pairs
     * the same lanes in the same order as {@link #sum}, so the bits equal sum()'s.
     */
    static void rowSums(float[] parts, int rows, float[] out, int outOff) {
        int full = rows - rows % LANES;
        for (int base = 0; base < full; base += LANES) {
            int first = base * LANES;
            if (LANES >= 64) {
                level(parts, first, 32, BIT_32, SWAP_32);
            }
            if (LANES >= 32) {
                level(parts, first, 16, BIT_16, SWAP_16);
            }
            if (LANES >= 16) {
                level(parts, first, 8, BIT_8, SWAP_8);
            }
            if (LANES >= 8) {
                level(parts, first, 4, BIT_4, SWAP_4);
            }
            if (LANES >= 4) {
                level(parts, first, 2, BIT_2, SWAP_2);
            }
            if (LANES >= 2) {
                level(parts, first, 1, BIT_1, SWAP_1);
            }
            FloatVector.fromArray(S, parts, first).intoArray(out, outOff + base);
        }
        for (int i = full; i < rows; i++) {
            out[outOff + i] = sum(FloatVector.fromArray(S, parts, i * LANES));
        }
    }

    /**
     * One butterfly level over the 2d rows at first: row i (i < d) becomes, in the lanes whose bit d is clear,
     * row_i[l] + row_i[l ^ d], and in the lanes whose bit d is set, row_(i+d)[l] + row_(i+d)[l ^ d]. After the levels
     * d = LANES / 2 .. 1, lane l of row 0 holds the whole sum of the block's row l.
     */
    private static void level(float[] parts, int first, int d, VectorMask<Float> bit, VectorShuffle<Float> swap) {
        for (int i = 0; i < d; i++) {
            FloatVector lo = FloatVector.fromArray(S, parts, first + i * LANES);
            FloatVector hi = FloatVector.fromArray(S, parts, first + (i + d) * LANES);
            lo.blend(hi, bit).add(hi.blend(lo, bit).rearrange(swap)).intoArray(parts, first + i * LANES);
        }
    }

    /** {@link ChunkKernel#fastExp} lane-wise, operation for operation, so each lane equals the scalar result. */
    /* ChunkKernel.fastExp's constants as vectors (broadcast once, not per call) */
    private static final FloatVector EXP_LO = FloatVector.broadcast(S, -86.5f);
    private static final FloatVector EXP_HI = FloatVector.broadcast(S, 88.3f);
    private static final FloatVector LOG2E = FloatVector.broadcast(S, 1.44269504089f);
    private static final FloatVector ROUNDER = FloatVector.broadcast(S, 12582912f);
    private static final FloatVector NEG_LN2_HI = FloatVector.broadcast(S, -0.693359375f);
    private static final FloatVector LN2_LO = FloatVector.broadcast(S, 2.12194440e-4f);
    private static final FloatVector P0 = FloatVector.broadcast(S, 1.9875691500E-4f);
    private static final FloatVector P1 = FloatVector.broadcast(S, 1.3981999507E-3f);
    private static final FloatVector P2 = FloatVector.broadcast(S, 8.3334519073E-3f);
    private static final FloatVector P3 = FloatVector.broadcast(S, 4.1665795894E-2f);
    private static final FloatVector P4 = FloatVector.broadcast(S, 1.6666665459E-1f);
    private static final FloatVector P5 = FloatVector.broadcast(S, 5.0000001201E-1f);
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    /** {@link ChunkKernel#fastExp} lane-wise, operation for operation (fma for fma), so each lane equals the scalar. */
    static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = v.fma(LOG2E, ROUNDER);
        FloatVector kf = t.sub(ROUNDER);
        FloatVector r = kf.fma(LN2_LO, kf.fma(NEG_LN2_HI, v));
        FloatVector p = P0.fma(r, P1);
        p = p.fma(r, P2);
        p = p.fma(r, P3);
        p = p.fma(r, P4);
        p = p.fma(r, P5);
        p = p.mul(r).fma(r, r).add(ONE);
        return p.reinterpretAsInts().add(t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23))
                .reinterpretAsFloats();
    }

    /** {@link ChunkKernel#log1pUnit} lane-wise, operation for operation. */
    static FloatVector log1pUnit(FloatVector w) {
        FloatVector s = w.div(w.add(2f));
        FloatVector s2 = s.mul(s);
        FloatVector p = FloatVector.broadcast(S, 1f / 15f).mul(s2).add(1f / 13f);
        p = p.mul(s2).add(1f / 11f);
        p = p.mul(s2).add(1f / 9f);
        p = p.mul(s2).add(1f / 7f);
        p = p.mul(s2).add(1f / 5f);
        p = p.mul(s2).add(1f / 3f);
        p = p.mul(s2).add(1f);
        return s.mul(2f).mul(p);
    }
}
