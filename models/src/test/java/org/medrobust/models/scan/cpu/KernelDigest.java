package org.medrobust.models.scan.cpu;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.medrobust.models.scan.ScanGradients;
import org.medrobust.models.scan.ScanInputs;
import org.medrobust.models.scan.ScanShape;
import org.medrobust.models.scan.ScanTestSupport;

/**
 * SHA-256 of every bit the CPU scan produces (forward output, last state, all gradients) on fixed inputs that
 * exercise every kernel path: one-register state (N = lanes), wider and narrower states with scalar tails, prologue
 * lengths that are not a multiple of the vector width, softplus with large deltas, gate and no gate. Its main prints
 * the digest, so a child JVM (e.g. -Xint) can be compared with this one.
 */
public final class KernelDigest {

    private static final ScanTestSupport.Case[] CASES = {
        new ScanTestSupport.Case("oddL", 2, 3, 16, 37, 1, true, true, true, true, 1),
        new ScanTestSupport.Case("wide", 1, 2, 20, 29, 1, true, true, true, true, 30),
        new ScanTestSupport.Case("narrow", 1, 3, 5, 23, 1, false, true, false, true, 1),
        new ScanTestSupport.Case("plain", 1, 2, 32, 19, 1, false, true, false, false, 1),
    };

    private KernelDigest() {
    }

    public static String digest(CpuSelectiveScan.Kernel kernel, int threads) {
        MessageDigest sha = sha256();
        try (CpuSelectiveScan scan = new CpuSelectiveScan(threads, kernel, 16)) {
            for (ScanTestSupport.Case c : CASES) {
                ScanInputs in = ScanTestSupport.toFloat(ScanTestSupport.random(c, 20261129L));
                ScanShape s = in.shape();
                FloatBuffer out = FloatBuffer.allocate(s.sequenceSize());
                FloatBuffer last = FloatBuffer.allocate(s.stateSize());
                scan.forward(in, out, last);
                ScanGradients g = ScanGradients.allocate(in);
                scan.backward(in, FloatBuffer.wrap(org.medrobust.models.scan.Floats.toFloats(
                        ScanTestSupport.randomUpstream(s, 7))), g);
                for (FloatBuffer b : new FloatBuffer[] {out, last, g.du(), g.ddelta(), g.dA(), g.dB(), g.dC(), g.dD(),
                        g.dz(), g.dDeltaBias()}) {
                    if (b != null) {
                        update(sha, b);
                    }
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, FloatBuffer values) {
        FloatBuffer all = values.duplicate().rewind();
        ByteBuffer bytes = ByteBuffer.allocate(all.remaining() * Float.BYTES);
        while (all.hasRemaining()) {
            bytes.putInt(Float.floatToRawIntBits(all.get()));
        }
        sha.update(bytes.array());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints the digest of the kernel named by args[0] (vector|scalar) on one thread. */
    public static void main(String[] args) {
        System.out.println(digest(CpuSelectiveScan.Kernel.parse(args[0]), 1));
    }
}
