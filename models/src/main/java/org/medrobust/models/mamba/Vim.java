package org.medrobust.models.mamba;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.medrobust.models.training.MultiplyAddCounted;
import java.util.ArrayList;
import java.util.List;
import org.medrobust.models.djl.Scalars;
import org.medrobust.models.djl.StagedBlock;

/**
 * Vision Mamba (Zhu et al. 2024, "Vim"), (N, C, H, W) in [0, 1] -> logits (N, K):
 *
 * <pre>
 * x = (x - mean_c) / std_c
 * t = patch_embed(x)                       conv p x p, stride p, bias -> M = (H/p)(W/p) tokens of width E
 * t = [t_0 .. t_{M/2-1}, cls, t_{M/2} .. t_{M-1}] + pos     class token in the middle (Vim's use_middle_cls_token)
 * r = t; repeat depth: r = r + BiMamba(RMSNorm(r))          (Vim's fused add-norm residual, written out)
 * logits = head(RMSNorm_f(r)[:, M/2])
 * </pre>
 *
 * BiMamba is {@link MambaBlock} with {@code bidirectional = true} (v2, divide-out). cls and pos are N(0, 0.02^2)
 * truncated at 2 sigma (as Vim), patch embedding and head PyTorch's default U(+-1/sqrt(fan_in)).
 */
public final class Vim extends AbstractBlock implements MultiplyAddCounted, StagedBlock {

    private static final byte VERSION = 1;

    private final VimConfig config;
    private final Parameter patchWeight;
    private final Parameter patchBias;
    private final Parameter classToken;
    private final Parameter position;
    private final List<RmsNorm> norms = new ArrayList<>();
    private final List<MambaBlock> mixers = new ArrayList<>();
    private final RmsNorm finalNorm;
    private final Parameter headWeight;
    private final Parameter headBias;

    public Vim(VimConfig config) {
        super(VERSION);
        this.config = config;
        int e = config.dModel();
        int p = config.patch();
        long fanIn = (long) config.channels() * p * p;
        long seed = config.seed();
        patchWeight = addParameter(Parameter.builder().setName("patch_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(e, config.channels(), p, p))
                .optInitializer(Init.torchDefault(Init.derive(seed, 101), fanIn)).build());
        patchBias = addParameter(Parameter.builder().setName("patch_bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(e)).optInitializer(Init.torchDefault(Init.derive(seed, 102), fanIn)).build());
        classToken = addParameter(Parameter.builder().setName("cls_token").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, 1, e)).optInitializer(Init.truncatedNormal(Init.derive(seed, 103), 0.02))
                .build());
        position = addParameter(Parameter.builder().setName("pos_embed").setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, config.patches() + 1, e))
                .optInitializer(Init.truncatedNormal(Init.derive(seed, 104), 0.02)).build());
        for (int i = 0; i < config.depth(); i++) {
            norms.add(addChildBlock("norm" + i, new RmsNorm(e)));
            mixers.add(addChildBlock("mixer" + i, new MambaBlock(e, config.dState(), true,
                    Init.derive(seed, 1000 + i))));
        }
        finalNorm = addChildBlock("norm_f", new RmsNorm(e));
        headWeight = addParameter(Parameter.builder().setName("head_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.classes(), e)).optInitializer(Init.torchDefault(Init.derive(seed, 105), e))
                .build());
        headBias = addParameter(Parameter.builder().setName("head_bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(config.classes())).optInitializer(Init.torchDefault(Init.derive(seed, 106), e))
                .build());
    }

    public VimConfig config() {
        return config;
    }

    /** Sets the scan mode of every Mamba block. */
    public void setScanMode(ScanMode mode) {
        mixers.forEach(m -> m.setScanMode(mode));
    }

    public List<MambaBlock> mixers() {
        return List.copyOf(mixers);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return StagedBlock.runParts(parts(), store, inputs, training);
    }

    /**
     * The embedding, each residual Mamba block r + BiMamba(RMSNorm(r)), and the head (final norm, class token,
     * linear): a weight fault re-runs from its block on ({@link org.medrobust.models.djl.SuffixForward}).
     */
    @Override
    public List<Part> parts() {
        List<Part> parts = new ArrayList<>();
        parts.add(Part.of("embed", List.of(), List.of(patchWeight, patchBias, classToken, position),
                (store, in, training) -> new NDList(embed(store, in.singletonOrThrow(), training))));
        for (int i = 0; i < mixers.size(); i++) {
            RmsNorm norm = norms.get(i);
            MambaBlock mixer = mixers.get(i);
            parts.add(Part.of("block" + i, List.of(norm, mixer), (store, in, training) -> {
                NDArray r = in.singletonOrThrow();
                NDArray h = norm.forward(store, new NDList(r), training).head();
                return new NDList(r.add(mixer.forward(store, new NDList(h), training).head()));
            }));
        }
        parts.add(Part.of("head", List.of(finalNorm), List.of(headWeight, headBias), (store, in, training) -> {
            NDArray r = finalNorm.forward(store, in, training).head();
            int pos = config.classTokenIndex();
            long n = r.getShape().get(0);
            NDArray cls = r.split(new long[] {pos, pos + 1}, 1).get(1).reshape(n, config.dModel());
            return new NDList(Linear.linear(cls, MambaBlock.value(store, headWeight, cls, training),
                    MambaBlock.value(store, headBias, cls, training)).head());
        }));
        return parts;
    }

    /** Normalisation, patch embedding, middle class token and position embedding: (N, M + 1, E). */
    NDArray embed(ParameterStore store, NDArray images, boolean training) {
        NDArray x = normalise(images, config.mean(), config.std());
        int p = config.patch();
        NDArray maps = Conv2d.conv2d(x, MambaBlock.value(store, patchWeight, x, training),
                MambaBlock.value(store, patchBias, x, training), new Shape(p, p)).head(); // (N, E, H/p, W/p)
        long n = maps.getShape().get(0);
        int e = config.dModel();
        NDArray tokens = maps.reshape(n, e, config.patches()).transpose(0, 2, 1); // (N, M, E)
        int pos = config.classTokenIndex();
        NDList halves = tokens.split(new long[] {pos}, 1);
        NDArray cls = MambaBlock.value(store, classToken, x, training).broadcast(n, 1, e);
        NDArray seq = halves.get(0).concat(cls, 1).concat(halves.get(1), 1);
        return seq.add(MambaBlock.value(store, position, x, training));
    }

    static NDArray normalise(NDArray x, float[] mean, float[] std) {
        if (mean.length == 1) {
            return x.sub(mean[0]).div(Scalars.of(x, std[0]));
        }
        NDManager m = x.getManager();
        return x.sub(m.create(mean).reshape(1, mean.length, 1, 1)).div(m.create(std).reshape(1, std.length, 1, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.classes())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape seq = new Shape(inputShapes[0].get(0), config.patches() + 1, config.dModel());
        for (int i = 0; i < mixers.size(); i++) {
            norms.get(i).initialize(manager, dataType, seq);
            mixers.get(i).initialize(manager, dataType, seq);
        }
        finalNorm.initialize(manager, dataType, seq);
    }

    /** Multiply-adds per image: patch embedding + blocks + head (norms and adds left out). */
    public long multiplyAdds() {
        long tokens = config.patches() + 1L;
        long embed = (long) config.patches() * config.dModel() * config.channels() * config.patch() * config.patch();
        long blocks = 0;
        for (MambaBlock m : mixers) {
            blocks += m.multiplyAdds(tokens);
        }
        return embed + blocks + (long) config.dModel() * config.classes();
    }

    @Override
    public long multiplyAdds(Shape[] inputShapes) {
        return multiplyAdds();
    }
}
