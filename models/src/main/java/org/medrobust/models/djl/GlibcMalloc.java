package org.medrobust.models.djl;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Keeps freed native memory in the process instead of handing it back to the kernel after every forward pass
 * (glibc's {@code mallopt}, called once through {@code java.lang.foreign}; elsewhere a no-op).
 *
 * <p>Why: libtorch allocates every intermediate tensor with {@code malloc}, and DJL frees a pass's intermediates
 * together when its scope closes. A 256-image pass of cnn_phantom holds about 130 MB of them, more than one 64 MB
 * glibc heap of a non-main thread: on free, glibc deletes the emptied heaps and trims the rest, so the next pass
 * takes fresh pages from the kernel and faults every one of them in (about 20,000-35,000 minor page faults per pass
 * on the 2-core VM, measured with /proc/thread-self/stat; roughly half the pass's CPU time). With a large top pad
 * (heaps are kept), no trimming and a fixed mmap threshold (tensors up to 32 MB come from the heaps), a warm pass
 * faults in almost nothing: measured 583 -> 290 ms CPU per single-bit-flip trial of cnn_phantom. The price is that
 * the process keeps its peak native memory until it exits. The values computed do not change (tensors stay 64-byte
 * aligned). Off with {@code -Dmedrobust.malloc.keep=false}.
 */
final class GlibcMalloc {

    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    /** glibc caps the mmap threshold at half its 64 MB heap size on 64-bit machines. */
    private static final int MAX_MMAP_THRESHOLD = 32 << 20;

    private static boolean applied;

    private GlibcMalloc() {
    }

    /** Applies the settings once per JVM; true if glibc accepted all three. */
    static synchronized boolean keepFreedMemory() {
        if (applied || !Boolean.parseBoolean(System.getProperty("medrobust.malloc.keep", "true"))
                || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return applied;
        }
        applied = mallopt().map(m -> set(m, M_TOP_PAD, 1 << 30) & set(m, M_TRIM_THRESHOLD, Integer.MAX_VALUE)
                & set(m, M_MMAP_THRESHOLD, MAX_MMAP_THRESHOLD)).orElse(false);
        return applied;
    }

    private static Optional<MethodHandle> mallopt() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("mallopt").map(address -> linker.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty(); // not glibc, or native access denied: leave the allocator as it is
        }
    }

    private static boolean set(MethodHandle mallopt, int option, int value) {
        try {
            return (int) mallopt.invokeExact(option, value) == 1;
        } catch (Throwable e) {
            return false;
        }
    }
}
