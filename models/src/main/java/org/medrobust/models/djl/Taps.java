package org.medrobust.models.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.medrobust.models.capability.ActivationHooks.ActivationHook;
import org.medrobust.models.scan.ScanFault;
import org.medrobust.models.scan.ScanShape;

/**
 * The seam between a hooked forward pass and the blocks' insides. {@link DjlClassifier} opens a {@link Pass} on the
 * thread around a forward pass that has hooks or a scan fault; a block calls {@link #tap} at each of its
 * {@link TapPoints} and {@link #scanFault} before each scan. Without an open pass both return at once (one
 * thread-local read): plain predictions pay nothing else.
 */
public final class Taps {

    private static final ThreadLocal<Pass> CURRENT = new ThreadLocal<>();

    private Taps() {
    }

    /**
     * One forward pass's hooks (by full point name), scan faults (by full scan name), the blocks' paths, and, when
     * {@code shapes} is not null, a record of every scan's shape (by full name, in forward order).
     */
    record Pass(Map<Block, String> paths, Map<String, ActivationHook> hooks, Map<String, ScanFault> scanFaults,
                SequencedMap<String, ScanShape> shapes) {
    }

    /** Every block's child path ("03PreNormEncoderBlock"; the network itself is ""), for naming points. */
    static Map<Block, String> paths(Block network) {
        Map<Block, String> paths = new IdentityHashMap<>();
        collect("", network, paths);
        return paths;
    }

    private static void collect(String path, Block block, Map<Block, String> into) {
        into.put(block, path);
        block.getChildren().forEach(child -> collect(path.isEmpty() ? child.getKey() : path + "/" + child.getKey(),
                child.getValue(), into));
    }

    /** A point's full name: the block's path, then the local name. */
    static String name(String path, String local) {
        return path.isEmpty() ? local : path + "/" + local;
    }

    /** Runs {@code forward} with {@code pass} open on this thread (the previous one restored afterwards). */
    static <T> T within(Pass pass, java.util.function.Supplier<T> forward) {
        Pass previous = CURRENT.get();
        CURRENT.set(pass);
        try {
            return forward.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Whether a hooked pass is open on this thread (callers skip work that only a pass needs). */
    public static boolean active() {
        return CURRENT.get() != null;
    }

    /**
     * {@code value} as the forward pass goes on with it: unchanged without a hook on {@code owner}'s {@code point};
     * with one, a new array (in {@code value}'s manager, same shape) holding what the hook left in the copied values.
     */
    public static NDArray tap(Block owner, String point, NDArray value) {
        Pass pass = CURRENT.get();
        if (pass == null || pass.hooks().isEmpty()) {
            return value;
        }
        String name = name(pass.paths().getOrDefault(owner, "?"), point);
        ActivationHook hook = pass.hooks().get(name);
        if (hook == null) {
            return value;
        }
        float[] values = value.toFloatArray();
        hook.onActivation(name, values, value.getShape().getShape());
        return value.getManager().create(values, value.getShape());
    }

    /** The fault to inject into {@code owner}'s scan {@code scan} of the given shape in this pass, or null. */
    public static ScanFault scanFault(Block owner, String scan, ScanShape shape) {
        Pass pass = CURRENT.get();
        if (pass == null) {
            return null;
        }
        String name = name(pass.paths().getOrDefault(owner, "?"), scan);
        if (pass.shapes() != null) {
            pass.shapes().putIfAbsent(name, shape);
        }
        return pass.scanFaults().get(name);
    }

    /** A pass that only records the scans' shapes. */
    static Pass recording(Map<Block, String> paths) {
        return new Pass(paths, Map.of(), Map.of(), new LinkedHashMap<>());
    }

    /** Every block's points and scans under {@code network}, full names in forward (child) order. */
    static List<String> points(Block network, boolean scans) {
        List<String> names = new java.util.ArrayList<>();
        walk("", network, scans, names);
        return List.copyOf(names);
    }

    private static void walk(String path, Block block, boolean scans, List<String> into) {
        if (block instanceof TapPoints points) {
            (scans ? points.scanPoints() : points.tapPoints()).forEach(p -> into.add(name(path, p)));
        }
        block.getChildren().forEach(child -> walk(path.isEmpty() ? child.getKey() : path + "/" + child.getKey(),
                child.getValue(), scans, into));
    }
}
