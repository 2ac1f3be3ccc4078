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
 * PatchDrop occlusion, as the MedMamba robustness study of Latibari et al. 2026 ("Is Mamba Reliable for Medical
 * Imaging?", arXiv:2602.16723) uses it: the image is cut into a grid
 * of {@code patch x patch} squares (the last row and column may be smaller) and a fraction {@code eps} of them,
 * {@code round(eps * patches)} drawn uniformly without replacement per image, is set to {@code fill} in every
 * channel. Model-agnostic (no queries beyond the evaluation); the severities are growing fractions. The protocol
 * follows the description ("drop a growing fraction of patches"); the paper's own patch size and drop rates
 * are not checked here. Patch size and fill are recorded.
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
    }

    @Override
    protected String source() {
        return "Latibari et al. 2026 (PatchDrop occlusion of MedMamba inputs)";
    }

    @Override
    public Attacked attackRecorded(Classifier model, ImageBatch images, int[] labels, List<RandomGenerator> randoms) {
        ImageShape shape = images.shape();
        int rows = (shape.height() + patch - 1) / patch;
        int cols = (shape.width() + patch - 1) / patch;
        int patches = rows * cols;
        int drop = (int) Math.round(threatModel().eps() * patches);
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
