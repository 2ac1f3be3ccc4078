package org.medrobust.models.mamba;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.medrobust.models.djl.StagedBlock;
import org.medrobust.models.training.MultiplyAddCounted;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The VMamba / MedMamba skeleton, (N, C, H, W) in [0, 1] -> logits (N, K): normalisation, patch embedding (conv
 * p x p stride p, LayerNorm), stages of blocks (channels last, (N, H, W, C)) with patch merging between them, an
 * optional final LayerNorm, global average pooling and a linear head.
 */
public abstract sealed class HierarchicalMamba extends AbstractBlock implements MultiplyAddCounted, StagedBlock
        permits VMamba, MedMamba {

    private static final byte VERSION = 1;

    private final HierarchicalConfig config;
    private final Parameter patchWeight;
    private final Parameter patchBias;
    private final LayerNorm patchNorm;
    private final List<List<Block>> stages = new ArrayList<>();
    private final List<PatchMerging> merges = new ArrayList<>();
    private final List<SS2D> scans = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Parameter headWeight;
    private final Parameter headBias;

    /**
     * @param block     (width, seed) -> a block (N, H, W, width) -> same shape
     * @param finalNorm VMamba has a LayerNorm before pooling, MedMamba does not
     */
    HierarchicalMamba(HierarchicalConfig config, BiFunction<Integer, Long, Block> block, boolean finalNorm) {
        super(VERSION);
        this.config = config;
        int e = config.dims()[0], p = config.patch();
        long fanIn = (long) config.channels() * p * p;
        long seed = config.seed();
        patchWeight = addParameter(Parameter.builder().setName("patch_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(e, config.channels(), p, p))
                .optInitializer(Init.torchDefault(Init.derive(seed, 101), fanIn)).build());
        patchBias = addParameter(Parameter.builder().setName("patch_bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(e)).optInitializer(Init.torchDefault(Init.derive(seed, 102), fanIn)).build());
        patchNorm = addChildBlock("patch_norm", LayerNorm.builder().axis(3).build());
        for (int s = 0; s < config.dims().length; s++) {
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < config.depths()[s]; i++) {
                blocks.add(addChildBlock("stage" + s + "_block" + i,
                        block.apply(config.dims()[s], Init.derive(seed, 1000L * (s + 1) + i))));
            }
            stages.add(blocks);
            if (s + 1 < config.dims().length) {
                merges.add(addChildBlock("merge" + s, new PatchMerging(config.dims()[s], Init.derive(seed, 200 + s))));
            }
        }
        this.finalNorm = finalNorm ? addChildBlock("norm_f", LayerNorm.builder().axis(3).build()) : null;
        int last = config.dims()[config.dims().length - 1];
        headWeight = addParameter(Parameter.builder().setName("head_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.classes(), last))
                .optInitializer(Init.torchDefault(Init.derive(seed, 105), last)).build());
        headBias = addParameter(Parameter.builder().setName("head_bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(config.classes()))
                .optInitializer(Init.torchDefault(Init.derive(seed, 106), last)).build());
        getChildren().values().forEach(this::collectScans);
    }

    private void collectScans(Block b) {
        if (b instanceof SS2D s) {
            scans.add(s);
        }
        b.getChildren().values().forEach(this::collectScans);
    }

    public HierarchicalConfig config() {
        return config;
    }

    /** Sets the scan mode of every SS2D block. */
    public void setScanMode(ScanMode mode) {
        scans.forEach(s -> s.setScanMode(mode));
    }

    public List<SS2D> scans() {
        return List.copyOf(scans);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return StagedBlock.runParts(parts(), store, inputs, training);
    }

    /**
     * The stem (normalisation, patch embedding, its LayerNorm), each block, each patch merging, and the head (final
     * norm, pooling, linear): a weight fault re-runs from its block on ({@link org.medrobust.models.djl.SuffixForward}).
     */
    @Override
    public List<Part> parts() {
        List<Part> parts = new ArrayList<>();
        parts.add(Part.of("stem", List.of(patchNorm), List.of(patchWeight, patchBias), (store, in, training) -> {
            NDArray x = Vim.normalise(in.singletonOrThrow(), config.mean(), config.std());
            int p = config.patch();
            x = Conv2d.conv2d(x, MambaBlock.value(store, patchWeight, x, training),
                    MambaBlock.value(store, patchBias, x, training), new Shape(p, p)).head().transpose(0, 2, 3, 1);
            return patchNorm.forward(store, new NDList(x), training);
        }));
        for (int s = 0; s < stages.size(); s++) {
            for (Block b : stages.get(s)) {
                parts.add(Part.of("stage" + s, List.of(b), (store, in, training) -> new NDList(
                        b.forward(store, in, training).head())));
            }
            if (s < merges.size()) {
                PatchMerging merge = merges.get(s);
                parts.add(Part.of("merge" + s, List.of(merge), (store, in, training) -> new NDList(
                        merge.forward(store, in, training).head())));
            }
        }
        List<Block> norm = finalNorm == null ? List.of() : List.of(finalNorm);
        parts.add(Part.of("head", norm, List.of(headWeight, headBias), (store, in, training) -> {
            NDArray x = finalNorm == null ? in.head() : finalNorm.forward(store, in, training).head();
            Shape s = x.getShape();
            NDArray pooled = x.reshape(s.get(0), s.get(1) * s.get(2), s.get(3)).mean(new int[] {1});
            return new NDList(Linear.linear(pooled, MambaBlock.value(store, headWeight, pooled, training),
                    MambaBlock.value(store, headBias, pooled, training)).head());
        }));
        return parts;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.classes())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        int side = config.side(0);
        patchNorm.initialize(manager, dataType, new Shape(n, side, side, config.dims()[0]));
        for (int s = 0; s < stages.size(); s++) {
            Shape shape = new Shape(n, config.side(s), config.side(s), config.dims()[s]);
            for (Block b : stages.get(s)) {
                b.initialize(manager, dataType, shape);
            }
            if (s < merges.size()) {
                merges.get(s).initialize(manager, dataType, shape);
            }
        }
        if (finalNorm != null) {
            int last = stages.size() - 1;
            finalNorm.initialize(manager, dataType,
                    new Shape(n, config.side(last), config.side(last), config.dims()[last]));
        }
    }

    /** Multiply-adds per image: patch embedding, every SS2D, the conv branches (MedMamba), merging, head. */
    public long multiplyAdds() {
        int side0 = config.side(0);
        long total = (long) side0 * side0 * config.dims()[0] * config.channels() * config.patch() * config.patch();
        for (int s = 0; s < stages.size(); s++) {
            long side = config.side(s);
            for (Block b : stages.get(s)) {
                total += blockMultiplyAdds(b, side);
            }
            if (s < merges.size()) {
                total += merges.get(s).multiplyAdds(side, side);
            }
        }
        return total + (long) config.dims()[config.dims().length - 1] * config.classes();
    }

    abstract long blockMultiplyAdds(Block block, long side);

    @Override
    public long multiplyAdds(Shape[] inputShapes) {
        return multiplyAdds();
    }
}
