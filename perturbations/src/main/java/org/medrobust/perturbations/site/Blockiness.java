package org.medrobust.perturbations.site;

import java.util.List;
import org.medrobust.datasets.Image;

/**
 * JPEG blockiness of a collection of gray images, pooled over all of them: the mean squared difference between
 * neighbours across the 8 x 8 block boundaries of the JPEG grid (between columns or rows {@code 8k - 1} and
 * {@code 8k}) divided by that between neighbours inside the blocks (the boundary-to-inner ratio of Wang, Bovik and
 * Evans 2000, "Blind measurement of blocking artifacts in images", in the spatial domain). About 1 for images never
 * compressed on this grid, above 1 the coarser the quantisation. Pooled because a 28 x 28 image has only three inner
 * boundaries per axis: per image the ratio is dominated by content.
 */
final class Blockiness {

    static final int BLOCK = 8;

    private Blockiness() {
    }

    static double of(List<Image> images) {
        double boundary = 0;
        double inner = 0;
        long boundaryCount = 0;
        long innerCount = 0;
        for (Image image : images) {
            int h = image.shape().height();
            int w = image.shape().width();
            float[] x = image.pixels();
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    double v = x[r * w + c];
                    if (c + 1 < w) {
                        double d = x[r * w + c + 1] - v;
                        if ((c + 1) % BLOCK == 0) {
                            boundary += d * d;
                            boundaryCount++;
                        } else {
                            inner += d * d;
                            innerCount++;
                        }
                    }
                    if (r + 1 < h) {
                        double d = x[(r + 1) * w + c] - v;
                        if ((r + 1) % BLOCK == 0) {
                            boundary += d * d;
                            boundaryCount++;
                        } else {
                            inner += d * d;
                            innerCount++;
                        }
                    }
                }
            }
        }
        if (boundaryCount == 0 || inner == 0) {
            return 1;
        }
        return boundary / boundaryCount / (inner / innerCount);
    }
}
