package org.medrobust.models.scan;

import java.nio.FloatBuffer;
import java.util.concurrent.TimeUnit;
import org.medrobust.models.scan.cpu.CpuSelectiveScan;
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

/** CPU forward, one thread, (B,D,N) = (8,128,16), L from 64 to 4096: time per step should stay flat (linear in L). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ScanLengthBench {

    @Param({"64", "128", "256", "512", "1024", "2048", "4096"})
    public int length;

    CpuSelectiveScan cpu;
    ScanInputs in;
    FloatBuffer out;

    @Setup(Level.Trial)
    public void setUp() {
        in = ScanBench.inputs(ScanShape.of(8, 128, 16, length), 3);
        out = FloatBuffer.allocate(in.shape().sequenceSize());
        cpu = new CpuSelectiveScan(1, CpuSelectiveScan.Kernel.VECTOR, 64);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cpu.close();
    }

    @Benchmark
    public FloatBuffer forward() {
        cpu.forward(in, out, null);
        return out;
    }
}
