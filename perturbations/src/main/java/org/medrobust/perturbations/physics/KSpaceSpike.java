package org.medrobust.perturbations.physics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.SeverityScale;

/**
 * MRI spike (herringbone) artifact, as TorchIO's {@code RandomSpike} / {@code Spike}
 * (torchio/transforms/augmentation/intensity/random_spike.py): a few corrupt k-space samples. Each spike position is
 * drawn uniformly, {@code p ~ U[0, 1)^2}, and lands at index {@code floor(p * (H, W))} of the centred spectrum, where
 * {@code r * max|K|} is added (r the intensity ratio, {@code max|K|} the spectrum's largest magnitude, the DC term of
 * a non-negative image; TorchIO takes numpy's max of the complex array, which is the same entry there). One-sided,
 * as TorchIO (a real cosine would need the mirrored entry too); the real part of the inverse transform, clipped to
 * [0, 1], is the image: stripes of amplitude about {@code r * mean(x)}.
 *
 * <p>Severity ladder (spikes, r): (1, .2), (1, .4), (1, .7), (2, 1.0), (3, 1.5). TorchIO's defaults, one spike with
 * r ~ U(1, 3), are severity 4-5: at r = 1 the stripes already reach the image's mean brightness, so the mild levels
 * sit below that range. Positions are sampled and recorded; RGB channels get the same spikes (one acquisition).
 */
public final class KSpaceSpike extends SampledPhysicsCorruption {

    public static final String ID = "kspace_spike";

    public static final SeverityScale SPIKES = new SeverityScale(ID, 1, 1, 1, 2, 3);
    public static final SeverityScale INTENSITIES = new SeverityScale(ID, 0.2, 0.4, 0.7, 1.0, 1.5);

    private final int spikes;
    private final double intensity;

    public KSpaceSpike(int severity) {
        super(ID, severity, "TorchIO RandomSpike");
        this.spikes = (int) SPIKES.at(severity);
        this.intensity = INTENSITIES.at(severity);
    }

    @Override
    void describeStrength(SequencedMap<String, Object> parameters) {
        parameters.put("spikes", spikes);
        parameters.put("intensity", intensity);
    }

    @Override
    public Perturbed applyRecorded(Image image, RandomGenerator random) {
        int h = image.shape().height();
        int w = image.shape().width();
        int[][] positions = new int[spikes][];
        List<List<Integer>> recorded = new ArrayList<>();
        for (int s = 0; s < spikes; s++) {
            positions[s] = new int[] {(int) Math.floor(random.nextDouble() * h), (int) Math.floor(random.nextDouble() * w)};
            recorded.add(List.of(positions[s][0], positions[s][1]));
        }
        KSpace kspace = KSpace.of(h, w);
        Image out = Channels.eachChannel(image, channel -> kspace.inverseReal(spiked(kspace, kspace.forward(channel), positions, intensity)));
        return new Perturbed(out, Map.of("positions", recorded));
    }

    /** The centred spectrum with {@code intensity * max|K|} added to the real part at each position (a new array). */
    static double[] spiked(KSpace kspace, double[] spectrum, int[][] positions, double intensity) {
        double max = 0;
        for (int i = 0; i < spectrum.length; i += 2) {
            max = Math.max(max, Math.sqrt(spectrum[i] * spectrum[i] + spectrum[i + 1] * spectrum[i + 1]));
        }
        double[] out = spectrum.clone();
        for (int[] p : positions) {
            out[kspace.index(p[0], p[1])] += intensity * max;
        }
        return out;
    }
}
