package org.medrobust.models.scan.cpu;

/** Plain loops; the exponentials are one long flat loop so that C2's SuperWord can vectorise them. */
final class ScalarChunkKernel implements ChunkKernel {

    static final ScalarChunkKernel INSTANCE = new ScalarChunkKernel();

    private static final ThreadLocal<float[]> ARG = ThreadLocal.withInitial(() -> new float[0]);

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void prologue(int len, float[] delta, float bias, boolean softplus, float[] u, float[] dt, float[] dtu,
                         float[] sig) {
        ChunkKernel.prologueScalar(0, len, delta, bias, softplus, u, dt, dtu, sig);
    }

    @Override
    public void scanChunk(int n, int t0, int count, float[] dt, float[] dtu, float[] a, int aOff, float[] bt,
                          float[] ct, int bcOff, float[] h, float[] y, float[] hist, float[] e, float[] parts) {
        int total = count * n;
        float[] arg = e;
        if (arg == null) {
            arg = ARG.get();
            if (arg.length < total) {
                arg = new float[total];
                ARG.set(arg);
            }
        }
        for (int t = 0; t < count; t++) {
            float dv = dt[t0 + t];
            int o = t * n;
            for (int k = 0; k < n; k++) {
                arg[o + k] = dv * a[aOff + k];
            }
        }
        for (int i = 0; i < total; i++) {
            arg[i] = ChunkKernel.fastExp(arg[i]);
        }
        for (int t = 0; t < count; t++) {
            float x = dtu[t0 + t];
            int o = t * n;
            int bo = bcOff + (t0 + t) * n;
            float acc = 0f;
            for (int k = 0; k < n; k++) {
                float hk = arg[o + k] * h[k] + x * bt[bo + k];
                h[k] = hk;
                acc += ct[bo + k] * hk;
            }
            y[t0 + t] = acc;
            if (hist != null) {
                System.arraycopy(h, 0, hist, o, n);
            }
        }
    }

    @Override
    public void backwardChunk(int n, int t0, int count, float[] gy, float[] dt, float[] dtu, float[] a, int aOff,
                              float[] bt, float[] ct, int bcOff, float[] hist, float[] e, float[] ckpt, int ckptOff,
                              float[] dh, float[] dBt, float[] dCt, float[] dA, float[] dx, float[] ddtA,
                              float[] parts, float[] parts2) {
        ChunkKernel.backwardChunkScalar(n, t0, count, gy, dt, dtu, a, aOff, bt, ct, bcOff, hist, e, ckpt, ckptOff, dh,
                dBt, dCt, dA, dx, ddtA);
    }

    @Override
    public void epilogue(int len, float[] y, float dskip, float[] u, float[] z, float[] out) {
        if (z == null) {
            for (int i = 0; i < len; i++) {
                out[i] = y[i] + dskip * u[i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                float zz = z[i];
                out[i] = (y[i] + dskip * u[i]) * zz / (1f + ChunkKernel.fastExp(-zz));
            }
        }
    }
}
