package org.medrobust.suite.bench;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.medrobust.models.djl.DjlDevices;
import org.medrobust.models.djl.DjlRuntime;
import org.medrobust.models.scan.cpu.CpuSelectiveScan;
import org.medrobust.reports.bench.BenchMachine;

/** Describes this machine for bench.json. */
public final class MachineInfo {

    static final String ACCELERATOR = "CPU only: DJL ships only the CPU build of libtorch here (pytorch-native-cpu),"
            + " so no GPU is used; the selective-scan CUDA kernel is benchmarked separately (scripts/gpu-scan-check.sh)";

    static final String GPU = "GPU (memory columns: PyTorch's caching-allocator peak of tensor bytes on the device, not"
            + " resident memory): ";

    private MachineInfo() {
    }

    static BenchMachine describe(String device) {
        Engine engine = DjlRuntime.ensureOfflineEngine();
        return new BenchMachine(Runtime.getRuntime().availableProcessors(), cpuModel(),
                Math.round(MemoryProbe.totalMb().orElse(0)),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty(
                        "os.arch"),
                Runtime.version().toString(), System.getProperty("java.vm.name"), Engine.getDjlVersion(),
                engine.getVersion() + (device.equals("gpu") ? "" : " (pytorch-native-cpu)"),
                Integer.getInteger("ai.djl.pytorch.num_threads", 1), new CpuSelectiveScan().kernelName(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                device.equals("gpu") ? GPU + DjlDevices.description() : ACCELERATOR,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    public static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
