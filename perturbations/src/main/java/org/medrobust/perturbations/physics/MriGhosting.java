package org.medrobust.perturbations.physics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.random.RandomGenerator;
import org.medrobust.datasets.Image;
import org.medrobust.perturbations.SeverityScale;

/**
 * MRI ghosting, as TorchIO's {@code RandomGhosting} / {@code Ghosting}
 * (torchio/transforms/augmentation/intensity/random_ghosting.py): periodic motion (breathing, pulsatile flow) makes
 * shifted copies of the anatomy along the phase-encode axis. In the centred spectrum every n-th line along the
 * chosen axis (indices 0, n, 2n, ...) is multiplied by {@code 1 - s}, the central line ({@code index = size / 2},
 * TorchIO's {@code restore=None}) is put back, and the real part of the inverse transform, clipped to [0, 1], is the
 * image. n (number of ghosts) and the axis are drawn as TorchIO draws them, {@code n ~ U{4..10}} (its default) and
 * the axis uniformly from the two in-plane axes, and recorded.
 *
 * <p>Severity ladder: intensity s = .5, .625, .75, .875, 1.0, TorchIO's default range (0.5, 1) cut into five even
 * steps (s = 1 removes the lines). RGB channels get the same ghosts.
 */
public final class MriGhosting extends SampledPhysicsCorruption {

    public static final String ID = "mri_ghosting";

    public static final SeverityScale INTENSITIES = new SeverityScale(ID, 0.5, 0.625, 0.75, 0.875, 1.0);

    /** TorchIO's default {@code num_ghosts=(4, 10)}, both ends included. */
    public static final int MIN_GHOSTS = 4;
    public static final int MAX_GHOSTS = 10;

    private final double intensity;

    public MriGhosting(int severity) {
        super(ID, severity, "TorchIO RandomGhosting");
        this.intensity = INTENSITIES.at(severity);
    }

    @Override
    void describeStrength(SequencedMap<String, Object> parameters) {
        parameters.put("intensity", intensity);
        parameters.put("ghosts", MIN_GHOSTS + ".." + MAX_GHOSTS);
        parameters.put("axes", "rows or columns");
        parameters.put("restore", "central line");
    }

    @Override
    public Perturbed applyRecorded(Image image, RandomGenerator random) {
        int ghosts = random.nextInt(MIN_GHOSTS, MAX_GHOSTS + 1);
        int axis = random.nextInt(2);
        KSpace kspace = KSpace.of(image.shape().height(), image.shape().width());
        Image out = Channels.eachChannel(image, channel -> kspace.inverseReal(ghosted(kspace, kspace.forward(channel), ghosts, axis, intensity)));
        Map<String, Object> sampled = new LinkedHashMap<>();
        sampled.put("ghosts", ghosts);
        sampled.put("axis", axis == 0 ? "rows" : "columns");
        return new Perturbed(out, sampled);
    }

    /** The centred spectrum with every {@code ghosts}-th line along {@code axis} (0: u, 1: v) scaled, centre kept. */
    static double[] ghosted(KSpace kspace, double[] spectrum, int ghosts, int axis, double intensity) {
        int lines = axis == 0 ? kspace.height() : kspace.width();
        int across = axis == 0 ? kspace.width() : kspace.height();
        int centre = lines / 2;
        double[] out = spectrum.clone();
        for (int line = 0; line < lines; line += ghosts) {
            if (line == centre) {
                continue; // restored
            }
            for (int j = 0; j < across; j++) {
                int index = axis == 0 ? kspace.index(line, j) : kspace.index(j, line);
                out[index] *= 1 - intensity;
                out[index + 1] *= 1 - intensity;
            }
        }
        return out;
    }
}
