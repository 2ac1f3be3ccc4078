package org.medrobust.models.baselines;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.Arrays;
import java.util.Locale;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.training.Architecture;

/**
 * The ViT baseline (Dosovitskiy et al. 2021), sized for 28-64 px images: standardisation, p x p patch embedding with
 * learned positions, {@code depth} pre-norm encoder layers ({@link PreNormEncoderBlock}: DJL's attention and
 * feed-forward blocks), a final layer norm, the mean of the tokens (no class token, as in many small-data ViTs), and
 * a linear head. Default for 28 px: patch 4 (7 x 7 = 49 tokens), width 96, 6 layers, 4 heads, MLP 192: 0.46 M
 * parameters. The patch grows with the image (ceil(side / 8), at least 4), keeping at most 64 tokens.
 */
public final class VitBaseline implements Architecture {

    public static final String NAME = "vit";
    /** Patch side of the 28 px configuration. */
    public static final int STANDARD_PATCH = 4;
    /** Most tokens a configuration may give: 512 px images at the standard patch (benchmarks). */
    static final int MAX_TOKENS = 128 * 128;

    private final Config config;

    /**
     * @param patch patch side in pixels
     * @param width token width E (a multiple of heads)
     * @param depth encoder layers
     * @param heads attention heads
     * @param mlp   hidden width of each layer's MLP
     * @param mean  per-channel mean of the train split's pixels, subtracted inside the network
     * @param std   per-channel standard deviation, divided by
     */
    public record Config(int patch, int width, int depth, int heads, int mlp, double[] mean, double[] std) {

        public Config {
            if (patch < 1 || width < 1 || depth < 1 || heads < 1 || width % heads != 0 || mlp < 1 || mean == null
                    || std == null || mean.length != std.length) {
                throw new InvalidInputException("bad ViT config: patch " + patch + ", width " + width + ", depth "
                        + depth + ", heads " + heads + ", mlp " + mlp + ", mean " + Arrays.toString(mean) + ", std "
                        + Arrays.toString(std));
            }
        }
    }

    public VitBaseline(Config config) {
        this.config = config;
    }

    /** The default configuration for images like {@code train}'s, standardised with its statistics. */
    public static VitBaseline forData(Dataset train) {
        ImageShape shape = train.shape();
        return forData(train, Math.max(STANDARD_PATCH, (Math.max(shape.height(), shape.width()) + 7) / 8));
    }

    /**
     * The default layer sizes with another patch side, e.g. 2 at 28 px (14 x 14 = 196 tokens, issue 16: small lesions
     * that a 4 x 4 patch's single linear map blurs), standardised with {@code train}'s statistics.
     */
    public static VitBaseline forData(Dataset train, int patch) {
        ImageShape shape = train.shape();
        double[][] statistics = Normalisation.statistics(train);
        VitBaseline vit = new VitBaseline(new Config(patch, 96, 6, 4, 192, statistics[0], statistics[1]));
        vit.tokens(shape);
        return vit;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kind() {
        return "djl-vit";
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "ViT: %dx%d patches, width %d, %d pre-norm encoder layers (DJL attention "
                        + "and feed-forward blocks), %d heads, MLP %d, GELU, mean-pooled tokens, linear head; "
                        + "per-channel standardisation inside", config.patch(), config.patch(), config.width(),
                config.depth(), config.heads(), config.mlp());
    }

    @Override
    public Block build(ImageShape shape, int classes) {
        if (shape.channels() != config.mean().length) {
            throw new InvalidInputException("the ViT was configured for " + config.mean().length
                    + " channel(s), images have " + shape.channels());
        }
        SequentialBlock net = new SequentialBlock();
        net.add(Normalisation.block(config.mean(), config.std()));
        net.add(new PatchEmbedding(config.patch(), config.width(), tokens(shape)));
        for (int layer = 0; layer < config.depth(); layer++) {
            net.add(new PreNormEncoderBlock(config.width(), config.heads(), config.mlp()));
        }
        net.add(LayerNorm.builder().axis(2).build());
        net.add(LambdaBlock.singleton(tokens -> tokens.mean(new int[] {1}), "meanPool"));
        net.add(Linear.builder().setUnits(classes).build());
        return net;
    }

    private int tokens(ImageShape shape) {
        int rows = shape.height() / config.patch();
        int columns = shape.width() / config.patch();
        if (rows < 1 || columns < 1 || rows * columns > MAX_TOKENS) {
            throw new InvalidInputException("the ViT's " + config.patch() + " px patches do not fit " + shape
                    + " images (" + rows + " x " + columns + " tokens)");
        }
        return rows * columns;
    }
}
