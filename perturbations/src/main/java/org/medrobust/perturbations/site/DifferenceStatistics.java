package org.medrobust.perturbations.site;

import java.util.List;
import org.medrobust.datasets.Image;

/**
 * The pixel-difference statistics of a collection of gray images that point-spread blur and resampling move, pooled
 * over the images: per column the mean squared horizontal first difference {@code (x[c+1] - x[c])^2} and second
 * difference {@code (x[c-1] - 2 x[c] + x[c+1])^2}, the same per row vertically, and the mean squared differences at
 * lags 2, 3 and 4 along both axes. Blur lowers all of them, the more the shorter the lag; resampling makes the per
 * column and per row values periodic with the coarse grid (Popescu and Farid 2005, "Exposing digital forgeries by
 * detecting traces of resampling": interpolation leaves periodic correlations between neighbours).
 *
 * <p>White noise of per-pixel variance {@code a L + b} (L the pixel's level) adds {@code a Lambda + b W} to each
 * statistic, W the sum of the difference's squared weights (2 for a difference, 6 for {@code [1 -2 1]}) and Lambda
 * the weighted mean level ({@link #noiseTerms}): the fit leaves a and b free, so the noise need not be known.
 */
final class DifferenceStatistics {

    static final int MAX_LAG = 4;

    private DifferenceStatistics() {
    }

    /** Phase moduli of the pooled per-position statistics: the periods of resampling by 2, 1.5 or 2.5, 1.25 or 4/3... */
    static final int[] MODULI = {2, 3, 4, 5, 7};

    /** The statistics of {@code images} (all H x W, one channel), in the order of {@link #noiseTerms}. */
    static double[] of(List<Image> images) {
        int h = images.getFirst().shape().height();
        int w = images.getFirst().shape().width();
        return pool(perPosition(images), h, w);
    }

    /**
     * Per-position statistics pooled by phase: for each block (horizontal and vertical, first and second
     * differences) and each modulus M, the mean over the positions {@code i = phase (mod M)}; a position's value
     * depends on where the anatomy lies, a phase's mean on the resampling grid. The lags are kept as they are.
     */
    static double[] pool(double[] perPosition, int h, int w) {
        int[] lengths = {w - 1, h - 1, w - 2, h - 2};
        int phases = 0;
        for (int m : MODULI) {
            phases += m;
        }
        double[] pooled = new double[lengths.length * phases + 2 * (MAX_LAG - 1)];
        int from = 0;
        int to = 0;
        for (int length : lengths) {
            for (int m : MODULI) {
                for (int phase = 0; phase < m; phase++) {
                    double sum = 0;
                    int count = 0;
                    for (int i = phase; i < length; i += m) {
                        sum += perPosition[from + i];
                        count++;
                    }
                    pooled[to++] = count == 0 ? 0 : sum / count;
                }
            }
            from += length;
        }
        System.arraycopy(perPosition, from, pooled, to, 2 * (MAX_LAG - 1));
        return pooled;
    }

    /** Per column, per row, then the lags (not pooled). */
    static double[] perPosition(List<Image> images) {
        int h = images.getFirst().shape().height();
        int w = images.getFirst().shape().width();
        double[] sums = new double[count(h, w)];
        for (Image image : images) {
            add(image.pixels(), h, w, sums);
        }
        double[] normalisers = normalisers(h, w);
        for (int f = 0; f < sums.length; f++) {
            sums[f] /= normalisers[f] * images.size();
        }
        return sums;
    }

    static int count(int h, int w) {
        return (w - 1) + (h - 1) + (w - 2) + (h - 2) + 2 * (MAX_LAG - 1);
    }

    private static void add(float[] x, int h, int w, double[] sums) {
        int column1 = 0;
        int row1 = column1 + (w - 1);
        int column2 = row1 + (h - 1);
        int row2 = column2 + (w - 2);
        int lags = row2 + (h - 2);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double v = x[r * w + c];
                if (c + 1 < w) {
                    double d = x[r * w + c + 1] - v;
                    sums[column1 + c] += d * d;
                }
                if (r + 1 < h) {
                    double d = x[(r + 1) * w + c] - v;
                    sums[row1 + r] += d * d;
                }
                if (c >= 1 && c + 1 < w) {
                    double d = x[r * w + c - 1] - 2 * v + x[r * w + c + 1];
                    sums[column2 + c - 1] += d * d;
                }
                if (r >= 1 && r + 1 < h) {
                    double d = x[(r - 1) * w + c] - 2 * v + x[(r + 1) * w + c];
                    sums[row2 + r - 1] += d * d;
                }
                for (int lag = 2; lag <= MAX_LAG; lag++) {
                    if (c + lag < w) {
                        double d = x[r * w + c + lag] - v;
                        sums[lags + 2 * (lag - 2)] += d * d;
                    }
                    if (r + lag < h) {
                        double d = x[(r + lag) * w + c] - v;
                        sums[lags + 2 * (lag - 2) + 1] += d * d;
                    }
                }
            }
        }
    }

    /** How many terms each statistic averages, per image. */
    private static double[] normalisers(int h, int w) {
        double[] n = new double[count(h, w)];
        int f = 0;
        for (int c = 0; c < w - 1; c++) {
            n[f++] = h;
        }
        for (int r = 0; r < h - 1; r++) {
            n[f++] = w;
        }
        for (int c = 0; c < w - 2; c++) {
            n[f++] = h;
        }
        for (int r = 0; r < h - 2; r++) {
            n[f++] = w;
        }
        for (int lag = 2; lag <= MAX_LAG; lag++) {
            n[f++] = (double) h * (w - lag);
            n[f++] = (double) (h - lag) * w;
        }
        return n;
    }

    /**
     * Per statistic {Lambda, W}: what noise of per-pixel variance {@code a L + b} adds is {@code a Lambda + b W}, with
     * L the collection's mean image {@code level} (H x W).
     */
    static double[][] noiseTerms(double[] level, int h, int w) {
        double[][] perPosition = perPositionNoiseTerms(level, h, w);
        double[] lambda = new double[perPosition.length];
        double[] weight = new double[perPosition.length];
        for (int f = 0; f < perPosition.length; f++) {
            lambda[f] = perPosition[f][0];
            weight[f] = perPosition[f][1];
        }
        double[] pooledLambda = pool(lambda, h, w);
        double[] pooledWeight = pool(weight, h, w);
        double[][] terms = new double[pooledLambda.length][];
        for (int f = 0; f < terms.length; f++) {
            terms[f] = new double[] {pooledLambda[f], pooledWeight[f]};
        }
        return terms;
    }

    private static double[][] perPositionNoiseTerms(double[] level, int h, int w) {
        double[][] terms = new double[count(h, w)][];
        double[] column = new double[w];
        double[] row = new double[h];
        double total = 0;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                column[c] += level[r * w + c] / h;
                row[r] += level[r * w + c] / w;
                total += level[r * w + c] / (h * w);
            }
        }
        int f = 0;
        for (int c = 0; c < w - 1; c++) {
            terms[f++] = new double[] {column[c] + column[c + 1], 2};
        }
        for (int r = 0; r < h - 1; r++) {
            terms[f++] = new double[] {row[r] + row[r + 1], 2};
        }
        for (int c = 1; c < w - 1; c++) {
            terms[f++] = new double[] {column[c - 1] + 4 * column[c] + column[c + 1], 6};
        }
        for (int r = 1; r < h - 1; r++) {
            terms[f++] = new double[] {row[r - 1] + 4 * row[r] + row[r + 1], 6};
        }
        for (int lag = 2; lag <= MAX_LAG; lag++) { // pooled over all positions: the mean level twice
            terms[f++] = new double[] {2 * total, 2};
            terms[f++] = new double[] {2 * total, 2};
        }
        return terms;
    }
}
