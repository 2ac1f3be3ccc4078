package org.medrobust.reports.bench;

/**
 * The machine a bench ran on.
 *
 * @param cores           processors the JVM sees
 * @param cpuModel        "model name" of /proc/cpuinfo
 * @param libtorchThreads libtorch intra-op threads (ai.djl.pytorch.num_threads)
 * @param scanKernel      the CPU selective-scan kernel's name (it uses every processor)
 * @param loadAverage     1-minute load average when the bench started (other work on the machine skews timings)
 * @param accelerator     what runs the models, in words (the CPU; no GPU is used)
 */
public record BenchMachine(int cores, String cpuModel, long memoryMb, String os, String javaVersion, String javaVm,
                           String djlVersion, String libtorchVersion, int libtorchThreads, String scanKernel,
                           double loadAverage, String accelerator, String startedAt) {
}
