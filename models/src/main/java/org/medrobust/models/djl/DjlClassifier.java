package org.medrobust.models.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Logits;
import java.util.List;
import java.util.Map;
import org.medrobust.models.capability.ActivationHooks;
import org.medrobust.models.capability.Capability;
import org.medrobust.models.capability.IncrementalPrediction;
import org.medrobust.models.capability.InputGradients;
import org.medrobust.models.capability.ScanFaults;
import org.medrobust.models.scan.ScanFault;
import org.medrobust.models.capability.WeightGradients;
import org.medrobust.models.capability.WritableWeights;
import org.medrobust.models.host.HostedClassifier;
import org.medrobust.models.host.ModelIdentity;
import org.medrobust.models.scan.djl.ScanTape;

/**
 * Runs a DJL block in inference mode, and differentiates its loss with respect to the input. Each call works in
 * its own sub-manager, so its temporaries are freed when it returns. Predictions may run from several threads:
 * they only read the parameters. Gradient calls are serialised JVM-wide ({@link DjlRuntime#withGradients}).
 * Weights are writable in place (bit-flip faults); a write must not overlap a prediction.
 */
public class DjlClassifier extends HostedClassifier implements InputGradients, WritableWeights, WeightGradients,
        ActivationHooks, ScanFaults, IncrementalPrediction {

    private final Block block;
    private final NDManager manager;
    private final AutoCloseable owner;
    private NdArrayWeights weights; // indexed on first use: subclasses with their own weights never need it
    private Map<String, Block> stages; // for activation hooks, on first use
    private final Map<String, ActivationHook> hooks = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, ScanFault> scanFaults = new java.util.concurrent.ConcurrentHashMap<>();
    private Map<Block, String> paths; // every block's child path, for the points inside blocks, on first use
    private List<String> points; // hookable points inside blocks, on first use
    private List<ScanSite> scans; // scans of one forward pass with their shapes, on first use
    private ActivationCache activations; // fault campaigns' cached activations, on first use
    private SuffixSteps steps; // the forward pass cut into steps, for predictions, on first use
    private boolean noSteps; // the block's parts do not list all its parameters: predictions run the plain forward

    /**
     * @param manager the manager holding the block's parameters; predictions open sub-managers of it
     * @param owner   what {@link #close()} releases (the manager itself, or the DJL model owning it)
     */
    public DjlClassifier(ModelIdentity identity, Block block, NDManager manager, AutoCloseable owner) {
        super(identity);
        this.block = block;
        this.manager = manager;
        this.owner = owner;
    }

    /** Logits of a batch whose shape has been checked, as an array in {@code scope}. */
    private NDArray forward(NDManager scope, NDArray input) {
        if (hooks.isEmpty() && scanFaults.isEmpty()) {
            return block.forward(new ParameterStore(scope, false), new NDList(input), false).head();
        }
        // the blocks find hooks on their inside points and scan faults through the pass open on this thread
        Taps.Pass pass = new Taps.Pass(paths(), Map.copyOf(hooks), Map.copyOf(scanFaults), null);
        return Taps.within(pass, () -> stagedForward(scope, input));
    }

    /** The forward pass stage by stage when a stage has a hook, else in one go. */
    private NDArray stagedForward(NDManager scope, NDArray input) {
        if (hooks.keySet().stream().noneMatch(stages()::containsKey)) {
            return block.forward(new ParameterStore(scope, false), new NDList(input), false).head();
        }
        NDList current = new NDList(input);
        for (Map.Entry<String, Block> stage : stages().entrySet()) {
            current = stage.getValue().forward(new ParameterStore(scope, false), current, false);
            ActivationHook hook = hooks.get(stage.getKey());
            if (hook != null) {
                NDArray head = current.head();
                float[] values = head.toFloatArray();
                hook.onActivation(stage.getKey(), values, head.getShape().getShape());
                NDList hooked = new NDList(scope.create(values, head.getShape()));
                current.stream().skip(1).forEach(hooked::add);
                current = hooked;
            }
        }
        return current.head();
    }

    /**
     * Hookable layers: the stages the network's nested sequential blocks run one after the other ({@link Stages}:
     * the stem, every residual unit, the pooling, the head of the CNN; the patch embedding, every encoder block of
     * the ViT). A network that is not sequential (the Mamba models, a TorchScript module) has one: "output", its
     * logits. A hooked prediction runs the stages in turn, the same forward pass.
     */
    @Override
    public List<String> layers() {
        return List.copyOf(stages().keySet());
    }

    /**
     * Points inside blocks ({@link TapPoints}): a ViT encoder block's attention and mlp outputs, a Mamba block's
     * in_proj, scan (scan_b) and out_proj outputs, named by the block's child path ("03PreNormEncoderBlock/mlp").
     */
    @Override
    public synchronized List<String> pointsInsideBlocks() {
        if (points == null) {
            points = Taps.points(block, false);
        }
        return points;
    }

    @Override
    public void hook(String layer, ActivationHook hook) {
        if (!stages().containsKey(layer) && !pointsInsideBlocks().contains(layer)) {
            throw new IllegalArgumentException("model " + id() + " has no hookable layer '" + layer
                    + "'; known are " + stages().keySet() + " and inside blocks " + pointsInsideBlocks());
        }
        hooks.put(layer, hook);
    }

    @Override
    public void clearHooks() {
        hooks.clear();
    }

    /**
     * The scans of the Mamba blocks ({@link TapPoints#scanPoints}), with the shapes one forward pass of one (zero)
     * image gives them, recorded once; none for a network without scans (no pass is run then).
     */
    @Override
    public synchronized List<ScanSite> scans() {
        if (scans == null) {
            scans = Taps.points(block, true).isEmpty() ? List.of() : recordScans();
        }
        return scans;
    }

    private List<ScanSite> recordScans() {
        Taps.Pass pass = Taps.recording(paths());
        var shape = identity.inputShape();
        DjlRuntime.withoutGradients(() -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray zeros = scope.zeros(new ai.djl.ndarray.types.Shape(1, shape.channels(), shape.height(),
                        shape.width()));
                return Taps.within(pass, () -> block.forward(new ParameterStore(scope, false), new NDList(zeros),
                        false).head().getShape());
            }
        });
        return pass.shapes().entrySet().stream().map(e -> new ScanSite(e.getKey(), e.getValue())).toList();
    }

    /** The seam is in the CPU scan kernel: a model loaded on a GPU runs the CUDA kernel (or the DJL scan). */
    @Override
    public java.util.Optional<String> scanFaultsUnavailable() {
        return manager.getDevice().isGpu() ? java.util.Optional.of("model " + id() + " runs its scans on "
                + manager.getDevice() + "; scan faults are injected in the CPU scan kernel only")
                : java.util.Optional.empty();
    }

    @Override
    public void injectScanFault(String scan, ScanFault fault) {
        if (scans().stream().noneMatch(site -> site.name().equals(scan))) {
            throw new IllegalArgumentException("model " + id() + " has no scan '" + scan + "'; known are "
                    + scans().stream().map(ScanSite::name).toList());
        }
        scanFaults.put(scan, fault);
    }

    @Override
    public void clearScanFaults() {
        scanFaults.clear();
    }

    private synchronized Map<Block, String> paths() {
        if (paths == null) {
            paths = Taps.paths(block);
        }
        return paths;
    }

    private synchronized Map<String, Block> stages() {
        if (stages == null) {
            stages = Stages.of(block);
        }
        return stages;
    }

    /**
     * The forward pass {@link #lossGradient} differentiates: inference semantics (no dropout, running batch-norm
     * statistics) while autograd records. For DJL's own blocks that is plain {@link #forward}.
     */
    protected NDArray differentiableForward(NDManager scope, NDArray input) {
        return forward(scope, input);
    }

    @Override
    public Logits predict(ImageBatch batch) {
        identity.checkBatch(batch);
        if (batch.size() == 0) {
            return new Logits(0, identity.classNames().size(), new float[0]);
        }
        return DjlRuntime.withoutGradients(() -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray input = NdBatches.toArray(scope, batch);
                NDArray logits = stepwise() ? steps().forwardAll(input, scope) : forward(scope, input);
                return NdBatches.toLogits(logits, batch.size(), identity);
            }
        });
    }

    /**
     * The plain forward pass in one scope (predictions before the stepwise pass), and how many arrays that scope holds
     * at the pass's end: the tests' oracle for {@link #predict}.
     */
    Logits predictInOneScope(ImageBatch batch, int[] arraysHeld) {
        return DjlRuntime.withoutGradients(() -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray logits = forward(scope, NdBatches.toArray(scope, batch));
                arraysHeld[0] = scope.getManagedArrays().size();
                return NdBatches.toLogits(logits, batch.size(), identity);
            }
        });
    }

    /** As {@link #predictInOneScope} for the stepwise pass {@link #predict} runs. */
    Logits predictStepwise(ImageBatch batch, int[] arraysHeld) {
        return DjlRuntime.withoutGradients(() -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray logits = steps().forwardAll(NdBatches.toArray(scope, batch), scope);
                arraysHeld[0] = scope.getManagedArrays().size();
                return NdBatches.toLogits(logits, batch.size(), identity);
            }
        });
    }

    /**
     * Whether a prediction runs step by step ({@link SuffixSteps#forwardAll}: the same operations in the same order,
     * so the same logits bit for bit, but each step's intermediates are freed when it ends instead of when the whole
     * pass does). Measured on the default campaign: Vim's 104-image pass held ~760 MB of native memory at its end in
     * one scope (docs/default-campaign.md, "Memory"). Not with hooks or scan faults (they act through the plain
     * forward), nor in a subclass (it may predict through another path than the block's forward).
     */
    private boolean stepwise() {
        return hooks.isEmpty() && scanFaults.isEmpty() && getClass() == DjlClassifier.class && steps() != null;
    }

    /** The forward pass's steps, or null when the block's parts miss a parameter (only fault trials need them). */
    private synchronized SuffixSteps steps() {
        if (steps == null && !noSteps) {
            try {
                steps = SuffixSteps.of(block);
            } catch (IllegalStateException e) {
                noSteps = true;
            }
        }
        return steps;
    }

    /** Logits and the gradient of the summed cross-entropy over the batch with respect to every input value. */
    @Override
    public LossGradient lossGradient(ImageBatch batch, int[] labels) {
        identity.checkBatch(batch);
        float[] oneHot = CrossEntropy.oneHot(labels, batch.size(), identity.classNames().size());
        return differentiate(batch, (scope, logits, values) -> CrossEntropy.sum(logits,
                scope.create(oneHot, logits.getShape())));
    }

    /** As {@link #lossGradient}, for the loss whose logit gradient {@code seed} gives (one forward, one backward). */
    @Override
    public LossGradient logitGradient(ImageBatch batch, LogitSeed seed) {
        identity.checkBatch(batch);
        return differentiate(batch, (scope, logits, values) -> logits.mul(scope.create(seed.of(values),
                logits.getShape())).sum());
    }

    /**
     * Logits and the gradient of the summed cross-entropy with respect to every weight tensor {@link #tensors()}
     * lists: the weights get autograd for one forward and one backward (in the differentiable forward's inference
     * semantics) and are detached again.
     */
    @Override
    public WeightGradient weightGradient(ImageBatch batch, int[] labels) {
        identity.checkBatch(batch);
        float[] oneHot = CrossEntropy.oneHot(labels, batch.size(), identity.classNames().size());
        Logits[] values = new Logits[1];
        var gradients = DjlRuntime.withGradients(collector -> weightStore().gradientsOf(() -> {
            try (NDManager scope = manager.newSubManager(); ScanTape tape = ScanTape.record()) {
                NDArray logits = differentiableForward(scope, NdBatches.toArray(scope, batch));
                values[0] = NdBatches.toLogits(logits, batch.size(), identity);
                tape.backward(CrossEntropy.sum(logits, scope.create(oneHot, logits.getShape())));
            }
        }));
        return new WeightGradient(values[0], gradients);
    }

    /** A scalar loss of the logits (as an array in the graph, and as values). */
    @FunctionalInterface
    private interface LossOfLogits {
        NDArray of(NDManager scope, NDArray logits, Logits values);
    }

    private LossGradient differentiate(ImageBatch batch, LossOfLogits loss) {
        if (batch.size() == 0) {
            return new LossGradient(predict(batch), new float[0]);
        }
        return DjlRuntime.withGradients(collector -> {
            try (NDManager scope = manager.newSubManager()) {
                NDArray input = NdBatches.toArray(scope, batch);
                input.setRequiresGradient(true);
                // the tape makes scans of TAPED Mamba blocks differentiable; for other nets it is plain backward
                try (ScanTape tape = ScanTape.record()) {
                    NDArray logits = differentiableForward(scope, input);
                    Logits values = NdBatches.toLogits(logits, batch.size(), identity);
                    tape.backward(loss.of(scope, logits, values));
                    return new LossGradient(values, input.getGradient().toFloatArray());
                }
            }
        });
    }

    /**
     * A forward pass over {@code batch} that re-runs only the stages after a changed weight (single-fault trials);
     * the caller closes it. Only for DJL's own blocks: a subclass with another forward must not use it.
     */
    public SuffixForward suffixForward(ImageBatch batch) {
        identity.checkBatch(batch);
        return new SuffixForward(block, manager, batch, identity);
    }

    /**
     * Only for DJL's own blocks: a subclass (a TorchScript module) may predict through another path than the block's
     * forward, which the cached activations would bypass.
     */
    @Override
    public <C extends Capability> java.util.Optional<C> capability(Class<C> type) {
        if (type == IncrementalPrediction.class && getClass() != DjlClassifier.class) {
            return java.util.Optional.empty();
        }
        return super.capability(type);
    }

    @Override
    public void cacheActivations(ImageBatch batch) {
        identity.checkBatch(batch);
        if (batch.size() > 0) {
            activationCache().offer(batch);
        }
    }

    /**
     * From the cached activations where they are held and no hook or scan fault is set (those act inside the
     * forward pass, which a cached prefix would skip), else {@link #predict}.
     */
    @Override
    public Logits predictIncrementally(ImageBatch batch) {
        identity.checkBatch(batch);
        Logits cached = hooks.isEmpty() && scanFaults.isEmpty() && batch.size() > 0
                ? activationCache().predict(batch) : null;
        return cached != null ? cached : predict(batch);
    }

    /** Bytes of activations cached for fault campaigns (0 before any batch was offered twice). */
    synchronized long activationsCachedBytes() {
        return activations == null ? 0 : activations.bytes();
    }

    private synchronized ActivationCache activationCache() {
        if (activations == null) {
            activations = new ActivationCache(this, this::suffixForward);
        }
        return activations;
    }

    @Override
    public List<WeightTensor> tensors() {
        return blockWeights().tensors();
    }

    @Override
    public float[] read(String name) {
        return blockWeights().read(name);
    }

    @Override
    public void write(String name, float[] values) {
        blockWeights().write(name, values);
    }

    /** The weight arrays {@link #weightGradient} differentiates: the block's, unless a subclass keeps its own. */
    protected NdArrayWeights weightStore() {
        return blockWeights();
    }

    private synchronized NdArrayWeights blockWeights() {
        if (weights == null) {
            weights = NdArrayWeights.ofBlock(block);
        }
        return weights;
    }

    @Override
    public void close() {
        try {
            if (activations != null) {
                activations.close();
            }
            owner.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release " + identity.source() + ": " + e.getMessage(), e);
        }
    }
}
