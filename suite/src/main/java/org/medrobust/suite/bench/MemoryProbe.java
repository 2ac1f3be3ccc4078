package org.medrobust.suite.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/** Resident memory from Linux's /proc: a process's VmRSS and VmHWM, the machine's MemAvailable; in MB. */
public final class MemoryProbe {

    private MemoryProbe() {
    }

    /** VmRSS of this process (current resident set). */
    public static OptionalDouble selfRssMb() {
        return field(Path.of("/proc/self/status"), "VmRSS:");
    }

    /** VmHWM of this process (peak resident set). */
    public static OptionalDouble selfPeakRssMb() {
        return field(Path.of("/proc/self/status"), "VmHWM:");
    }

    /** VmRSS of process {@code pid}; empty once it has gone. */
    public static OptionalDouble rssMb(long pid) {
        return field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    /** MemAvailable of the machine. */
    public static OptionalDouble availableMb() {
        return field(Path.of("/proc/meminfo"), "MemAvailable:");
    }

    /** MemTotal of the machine. */
    public static OptionalDouble totalMb() {
        return field(Path.of("/proc/meminfo"), "MemTotal:");
    }

    /** A "Name:   1234 kB" line of a /proc file, in MB. */
    static OptionalDouble field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return OptionalDouble.of(Long.parseLong(parts[0]) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.empty();
    }

    /**
     * Resets this process's peak resident set (VmHWM) to its current one (Linux 4.0+, {@code clear_refs} value 5), so
     * that a later {@link #selfPeakRssMb()} covers only what came after; false where the system does not allow it.
     */
    static boolean resetSelfPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Makes this process the OOM killer's first choice, so that a bench cell never takes other work down with it. */
    static void preferAsOomVictim() {
        try {
            Files.writeString(Path.of("/proc/self/oom_score_adj"), "1000");
        } catch (IOException | RuntimeException e) {
            // not Linux or not allowed: the parent's memory watch still applies
        }
    }
}
