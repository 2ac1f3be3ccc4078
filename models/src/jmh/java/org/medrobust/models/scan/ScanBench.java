package org.medrobust.models.scan;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.medrobust.models.scan.cpu.CpuSelectiveScan;
import org.medrobust.models.scan.djl.DjlSelectiveScan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Selective-scan forward and backward, one thread, fp32 with z, D, delta_bias and softplus (Mamba's configuration).
 * backend: cpu (Vector API kernel), cpu-scalar (plain loops), djl (NDArray per-step loop, PyTorch CPU, one thread).
 * Run: mvn -B -o -q -pl models -am -Pjmh test-compile exec:exec@scan-jmh -Djmh.args="ScanBench"
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScanBench {

    @State(Scope.Benchmark)
    public static class Problem {
        @Param({"cpu", "cpu-scalar", "djl"})
        public String backend;

        /** BxDxNxL (JMH splits -p values on commas) */
        @Param({"8x128x16x256", "1x384x16x197"})
        public String shape;

        SelectiveScan scan;
        ScanInputs in;
        FloatBuffer out;
        FloatBuffer dout;
        ScanGradients grads;

        @Setup(Level.Trial)
        public void setUp() {
            String[] p = shape.split("x");
            ScanShape s = ScanShape.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                    Integer.parseInt(p[3]));
            in = inputs(s, 42);
            out = FloatBuffer.allocate(s.sequenceSize());
            dout = FloatBuffer.wrap(random(new SplittableRandom(7), s.sequenceSize(), 1));
            grads = ScanGradients.allocate(in);
            scan = switch (backend) {
                case "cpu" -> new CpuSelectiveScan(1, CpuSelectiveScan.Kernel.VECTOR, 64);
                case "cpu-scalar" -> new CpuSelectiveScan(1, CpuSelectiveScan.Kernel.SCALAR, 64);
                case "djl" -> new DjlSelectiveScan();
                default -> throw new IllegalArgumentException(backend);
            };
            System.out.println("backend " + backend + ": " + scan.availability().reason());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (scan instanceof CpuSelectiveScan c) {
                c.close();
            }
        }
    }

    @Benchmark
    public FloatBuffer forward(Problem p) {
        p.scan.forward(p.in, p.out, null);
        return p.out;
    }

    @Benchmark
    public ScanGradients backward(Problem p) {
        p.scan.backward(p.in, p.dout, p.grads);
        return p.grads;
    }

    /** Random inputs like a trained Mamba block: A = -(1..N), delta around 0 before softplus. */
    public static ScanInputs inputs(ScanShape s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[s.aSize()];
        for (int i = 0; i < a.length; i++) {
            a[i] = -(1 + i % s.dstate());
        }
        return ScanInputs.of(s, random(r, s.sequenceSize(), 1), random(r, s.sequenceSize(), 1), a,
                random(r, s.bcSize(), 1), random(r, s.bcSize(), 1), random(r, s.dim(), 1),
                random(r, s.sequenceSize(), 1), random(r, s.dim(), 0.5), true);
    }

    static float[] random(SplittableRandom r, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return x;
    }
}
