package org.medrobust.attacks.evasion.occlusion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.medrobust.attacks.evasion.BaseAttack;
import org.medrobust.attacks.evasion.ThreatModel;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.datasets.ImageShape;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.Capability;

/**
 * Random PatchDrop occlusion: the image is cut into a grid of {@code patch x patch} squares (the last row and column
 * may be smaller) and {@code floor(eps * patches)} of them, drawn uniformly without replacement per image, are set to
 * {@code fill} in every channel, in [0, 1] pixel space. This is the random PatchDrop of Naseer et al. 2021
 * ("Intriguing properties of vision transformers", NeurIPS, arXiv:2105.10497; their code, Muzammal-Naseer/IPViT at
 * commit 05e4aac, {@code evaluate.py --random_drop}): a grid matched to the ViT's patch embedding (there 14 x 14
 * patches of 16 px on 224 px; here 4 px on 28 px, the patch size of the zoo's PneumoniaMNIST ViT and Vim),
 * {@code k * N // 10} patches dropped for the ratios k/10, k = 1..9 (the ladder), set to 0 before normalisation.
 * Two differences: the draw is per image (the reference draws one set per batch, so its result depends on the
 * batching; the expected accuracy is the same), and a grid that does not divide the image keeps the smaller edge
 * patches (the reference requires that it divides). Latibari et al. 2026 ("Is Mamba Reliable for Medical Imaging?",
 * arXiv:2602.16723) apply PatchDrop to MedMamba on MedMNIST, as the issue asks; their patch size and drop rates were
 * not available to check (docs/attacks.md, "PatchDrop"). Model-agnostic: no queries beyond the evaluation.
 */
public final class PatchDrop extends BaseAttack {

    public static final String ID = "patch_drop";
    public static final int DEFAULT_PATCH = 4;
    public static final double DEFAULT_FILL = 0.0;

    private final int patch;
    private final double fill;

    public PatchDrop(int severity, double fraction, int patch, double fill) {
        super(ID, severity, new ThreatModel("patch", fraction, false, 1, 0, 1, true, 0));
        if (patch < 1 || !(fill >= 0 && fill <= 1)) {
            throw new org.medrobust.datasets.InvalidInputException("threat " + ID + ": patch must be >= 1 and fill in "
                    + "[0, 1], got patch " + patch + ", fill " + fill);
        }
        this.patch = patch;
        this.fill = fill;
    }

    @Override
    public Set<Class<? extends Capability>> requiredCapabilities() {
        return Set.of();
    }

    @Override
    protected void specifics(SequencedMap<String, Object> p) {
        p.put("patch", patch);
        p.put("fill", fill);
        p.put("fractionDropped", threatModel().eps());
        p.put("patchesDropped", "floor(fractionDropped x patches), uniformly without replacement, drawn per image");
    }

    @Override
    protected String source() {
        return "Naseer et al. 2021 (random PatchDrop, IPViT evaluate.py --random_drop), as Latibari et al. 2026 "
                + "apply it to MedMamba";
    }

    @Override
    public Attacked attackRecorded(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms) {
        ImageShape shape = images.shape();
        int rows = (shape.height() + patch - 1) / patch;
        int cols = (shape.width() + patch - 1) / patch;
        int patches = rows * cols;
        int drop = dropped(threatModel().eps(), patches);
        float[] out = images.data().clone();
        List<Map<String, Object>> details = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            int[] order = shuffled(patches, randoms.get(i));
            for (int d = 0; d < drop; d++) {
                int r = order[d] / cols;
                int c = order[d] % cols;
                for (int ch = 0; ch < shape.channels(); ch++) {
                    for (int y = r * patch; y < Math.min(shape.height(), (r + 1) * patch); y++) {
                        for (int x = c * patch; x < Math.min(shape.width(), (c + 1) * patch); x++) {
                            out[i * shape.pixels() + (ch * shape.height() + y) * shape.width() + x] = (float) fill;
                        }
                    }
                }
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("patchesDropped", drop);
            d.put("patches", patches);
            d.put("queries", 0);
            details.add(d);
        }
        return new Attacked(new ImageBatch(shape, images.size(), out), details);
    }

    /**
     * Naseer et al.'s count: {@code k * N // 10} for the ratio k/10, i.e. the floor of fraction x patches (the small
     * slack keeps 0.3 x 10 at 3, should the product round just below it).
     */
    public static int dropped(double fraction, int patches) {
        return (int) Math.floor(fraction * patches + 1e-9);
    }

    /** A uniform permutation of 0..n-1 (Fisher-Yates with the image's own generator). */
    private static int[] shuffled(int n, RandomGenerator random) {
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        for (int k = n - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        return order;
    }
}
