package org.medrobust.perturbations.ops;

import java.util.random.RandomGenerator;

/**
 * ImageNet-C's {@code plasma_fractal} (diamond-square height map, a modification of FLHerne/mapgen): side a power
 * of two, each step's midpoints the mean of their four neighbours (wrapping around) plus
 * {@code wibble * U(-wibble, wibble)}, wibble starting at 100 and divided by {@code wibbleDecay} per halving;
 * finally scaled to [0, 1].
 */
public final class Plasma {

    private Plasma() {
    }

    public static double[] fractal(int size, double wibbleDecay, RandomGenerator random) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("plasma fractal side must be a power of two, got " + size);
        }
        double[] map = new double[size * size];
        double wibble = 100;
        for (int step = size; step >= 2; step /= 2) {
            int half = step / 2;
            int cells = size / step;
            // squares: centre = mean of the four corners
            for (int i = 0; i < cells; i++) {
                for (int j = 0; j < cells; j++) {
                    int i1 = (i + 1) % cells;
                    int j1 = (j + 1) % cells;
                    double corners = at(map, size, i * step, j * step) + at(map, size, i1 * step, j * step)
                            + at(map, size, i * step, j1 * step) + at(map, size, i1 * step, j1 * step);
                    map[(i * step + half) * size + j * step + half] = wibbled(corners, wibble, random);
                }
            }
            // diamonds: rows of corners, then columns of corners (ImageNet-C's order)
            double[] top = new double[cells * cells];
            double[] left = new double[cells * cells];
            for (int i = 0; i < cells; i++) {
                for (int j = 0; j < cells; j++) {
                    int im = (i - 1 + cells) % cells;
                    int jm = (j - 1 + cells) % cells;
                    int j1 = (j + 1) % cells;
                    int i1 = (i + 1) % cells;
                    double dr = at(map, size, i * step + half, j * step + half);
                    top[i * cells + j] = dr + at(map, size, im * step + half, j * step + half)
                            + at(map, size, i * step, j * step) + at(map, size, i * step, j1 * step);
                    left[i * cells + j] = dr + at(map, size, i * step + half, jm * step + half)
                            + at(map, size, i * step, j * step) + at(map, size, i1 * step, j * step);
                }
            }
            for (int k = 0; k < cells * cells; k++) {
                int i = k / cells;
                int j = k % cells;
                map[i * step * size + j * step + half] = wibbled(top[k], wibble, random);
            }
            for (int k = 0; k < cells * cells; k++) {
                int i = k / cells;
                int j = k % cells;
                map[(i * step + half) * size + j * step] = wibbled(left[k], wibble, random);
            }
            wibble /= wibbleDecay;
        }
        double min = Double.POSITIVE_INFINITY;
        for (double v : map) {
            min = Math.min(min, v);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < map.length; i++) {
            map[i] -= min;
            max = Math.max(max, map[i]);
        }
        for (int i = 0; i < map.length; i++) {
            map[i] = max > 0 ? map[i] / max : 0;
        }
        return map;
    }

    private static double at(double[] map, int size, int y, int x) {
        return map[y * size + x];
    }

    private static double wibbled(double sum, double wibble, RandomGenerator random) {
        return sum / 4 + wibble * (-wibble + 2 * wibble * random.nextDouble());
    }
}
