package org.medrobust.models.scan.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * jdk.incubator.vector kernel: the state dimension is one (or several) SIMD vectors, exp/log1p go through the JDK's
 * vector math stubs. Only loaded when the module is in the boot layer (see {@link CpuSelectiveScan}).
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
                VectorMask<Float> small = raw.compare(VectorOperators.LE, 20f);
                FloatVector ex = raw.min(20f).lanewise(VectorOperators.EXP);
                v = ex.lanewise(VectorOperators.LOG1P).blend(raw, small.not());
                if (sig != null) {
                    ex.div(ex.add(1f)).blend(1f, small.not()).intoArray(sig, i);
                }
            } else if (sig != null) {
                FloatVector.broadcast(S, 1f).intoArray(sig, i);
            }
            v.intoArray(dt, i);
            v.mul(FloatVector.fromArray(S, u, i)).intoArray(dtu, i);
        }
        for (; i < len; i++) {
            float raw = delta[i] + bias;
            float v = raw;
            float sg = 1f;
            if (softplus && raw <= 20f) {
                float ex = (float) Math.exp(raw);
                v = (float) Math.log1p(ex);
                sg = ex / (1f + ex);
            }
            if (sig != null) {
                sig[i] = sg;
            }
            dt[i] = v;
            dtu[i] = v * u[i];
        }
    }

    @Override
    public void scanChunk(int n, int t0, int count, float[] dt, float[] dtu, float[] a, int aOff, float[] bt,
                          float[] ct, int bcOff, float[] h, float[] y, float[] hist, float[] e) {
        if (n == LANES) {
            oneVector(t0, count, dt, dtu, a, aOff, bt, ct, bcOff, h, y, hist, e);
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
                    FloatVector ev = FloatVector.fromArray(S, a, aOff + k).mul(dv).lanewise(VectorOperators.EXP);
                    FloatVector hv = ev.fma(FloatVector.fromArray(S, h, k),
                            FloatVector.fromArray(S, bt, bo + k).mul(x));
                    hv.intoArray(h, k);
                    accV = FloatVector.fromArray(S, ct, bo + k).fma(hv, accV);
                    if (e != null) {
                        ev.intoArray(e, o + k);
                    }
                }
                acc = accV.reduceLanes(VectorOperators.ADD);
            }
            for (; k < n; k++) {
                float ek = (float) Math.exp(dv * a[aOff + k]);
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

    /** dstate equals the vector length (16 floats on AVX-512): the state lives in one register. */
    private static void oneVector(int t0, int count, float[] dt, float[] dtu, float[] a, int aOff, float[] bt,
                                  float[] ct, int bcOff, float[] h, float[] y, float[] hist, float[] e) {
        FloatVector av = FloatVector.fromArray(S, a, aOff);
        FloatVector hv = FloatVector.fromArray(S, h, 0);
        for (int t = 0; t < count; t++) {
            int bo = bcOff + (t0 + t) * LANES;
            FloatVector ev = av.mul(dt[t0 + t]).lanewise(VectorOperators.EXP);
            hv = ev.fma(hv, FloatVector.fromArray(S, bt, bo).mul(dtu[t0 + t]));
            y[t0 + t] = FloatVector.fromArray(S, ct, bo).mul(hv).reduceLanes(VectorOperators.ADD);
            if (hist != null) {
                hv.intoArray(hist, t * LANES);
            }
            if (e != null) {
                ev.intoArray(e, t * LANES);
            }
        }
        hv.intoArray(h, 0);
    }

    @Override
    public void epilogue(int len, float[] y, float dskip, float[] u, float[] z, float[] out) {
        int i = 0;
        int bound = S.loopBound(len);
        for (; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(S, u, i).mul(dskip).add(FloatVector.fromArray(S, y, i));
            if (z != null) {
                FloatVector zz = FloatVector.fromArray(S, z, i);
                v = v.mul(zz).div(zz.neg().lanewise(VectorOperators.EXP).add(1f));
            }
            v.intoArray(out, i);
        }
        for (; i < len; i++) {
            float v = y[i] + dskip * u[i];
            if (z != null) {
                float zz = z[i];
                v = v * zz / (1f + (float) Math.exp(-zz));
            }
            out[i] = v;
        }
    }
}
