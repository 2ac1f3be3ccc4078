package org.medrobust.models.scan.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The CPU scan gives the same bits cold (interpreter, first call in a fresh JVM) and warm (after C2 compiled it),
 * on one thread and two: a campaign resumed in a new JVM must reproduce an uninterrupted run byte for byte.
 * Before the kernel avoided lanewise(EXP) and reduceLanes(ADD), -Xint and C2 disagreed in the last bits.
 */
class KernelReproducibilityTest {

    @Test
    void vectorKernelIsBitIdenticalInTheInterpreterAndAfterJitCompilation() throws Exception {
        assumeTrue(CpuSelectiveScan.vectorModulePresent(), "jdk.incubator.vector not in the boot layer");
        String warm = warmDigest(CpuSelectiveScan.Kernel.VECTOR);
        assertThat(childDigest("vector", "-Xint")).as("interpreter vs C2").isEqualTo(warm);
        assertThat(childDigest("vector", "-XX:TieredStopAtLevel=1")).as("C1 vs C2").isEqualTo(warm);
        assertThat(KernelDigest.digest(CpuSelectiveScan.Kernel.VECTOR, 2)).as("two threads").isEqualTo(warm);
    }

    @Test
    void scalarKernelIsBitIdenticalInTheInterpreterAndAfterJitCompilation() throws Exception {
        String warm = warmDigest(CpuSelectiveScan.Kernel.SCALAR);
        assertThat(childDigest("scalar", "-Xint")).as("interpreter vs C2").isEqualTo(warm);
        assertThat(KernelDigest.digest(CpuSelectiveScan.Kernel.SCALAR, 2)).as("two threads").isEqualTo(warm);
    }

    /** Enough repetitions for C2 to compile the kernel's loops (each digest is thousands of kernel calls). */
    private static String warmDigest(CpuSelectiveScan.Kernel kernel) {
        String digest = KernelDigest.digest(kernel, 1);
        for (int i = 0; i < 300; i++) {
            assertThat(KernelDigest.digest(kernel, 1)).as("repetition " + i).isEqualTo(digest);
        }
        return digest;
    }

    private static String childDigest(String kernel, String tierFlag) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, tierFlag, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), KernelDigest.class.getName(), kernel));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        List<String> lines = output.lines().filter(l -> l.matches("[0-9a-f]{64}")).toList();
        assertThat(lines).as(output).hasSize(1);
        return lines.getFirst();
    }
}
