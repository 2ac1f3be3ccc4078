package org.medrobust.models.mamba;

import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.baselines.Normalisation;

/** Shape checks and statistics shared by the Mamba architectures. */
final class MambaShapes {

    private MambaShapes() {
    }

    /** The Mamba models take square images. */
    static ImageShape square(ImageShape shape, String model) {
        if (shape.height() != shape.width()) {
            throw new InvalidInputException(model + " takes square images, got " + shape);
        }
        return shape;
    }

    static void check(ImageShape shape, int classes, int side, int channels, int configClasses, String model) {
        if (shape.height() != side || shape.width() != side || shape.channels() != channels || classes != configClasses) {
            throw new InvalidInputException("the " + model + " was configured for " + channels + "x" + side + "x"
                    + side + " images and " + configClasses + " classes, not " + shape + " and " + classes);
        }
    }

    /** Per-channel mean and standard deviation of the split's pixels, as floats for the configs. */
    static float[][] statistics(Dataset data) {
        double[][] s = Normalisation.statistics(data);
        float[][] f = new float[2][s[0].length];
        for (int c = 0; c < s[0].length; c++) {
            f[0][c] = (float) s[0][c];
            f[1][c] = (float) s[1][c];
        }
        return f;
    }
}
