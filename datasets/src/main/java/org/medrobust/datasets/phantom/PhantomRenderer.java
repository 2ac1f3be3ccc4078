package org.medrobust.datasets.phantom;

import java.util.SplittableRandom;

/**
 * Draws one phantom: a textured soft-edged body on a noisy background, with one or two larger normal structures,
 * and for the lesion class a small round blob (bright or dark, soft edge). Lengths are designed for 28 px images and
 * scale with the side. The lesion's contrast is drawn skewed towards faint, so a share of lesions is hard to see:
 * the task is learnable but not trivially perfect.
 */
final class PhantomRenderer {

    private static final int DESIGN_SIDE = 28;
    private static final int TEXTURE_WAVES = 3;
    private static final double LESION_MIN_RADIUS = 1.5;
    private static final double LESION_MAX_RADIUS = 3.0;
    private static final double LESION_MIN_CONTRAST = 0.08;
    private static final double LESION_MAX_CONTRAST = 0.35;
    /** Above 1, faint lesions are more common than strong ones. */
    private static final double LESION_CONTRAST_SKEW = 1.0;
    private static final double NOISE_MIN = 0.015;
    private static final double NOISE_MAX = 0.04;

    private final int side;
    private final double scale;

    PhantomRenderer(int side) {
        this.side = side;
        this.scale = (double) side / DESIGN_SIDE;
    }

    /** Writes one side x side image into {@code out} at {@code offset}; all randomness comes from {@code random}. */
    void render(SplittableRandom random, boolean lesion, float[] out, int offset) {
        Body body = Body.random(random, side, scale);
        double background = random.nextDouble(0.03, 0.12);
        double tissue = random.nextDouble(0.38, 0.55);
        // A gentle illumination ramp, so absolute brightness says little.
        double rampX = random.nextDouble(-0.08, 0.08) / side;
        double rampY = random.nextDouble(-0.08, 0.08) / side;
        double[] texture = texture(random);

        int organCount = 1 + random.nextInt(2);
        Blob[] blobs = new Blob[organCount + (lesion ? 1 : 0)];
        for (int i = 0; i < organCount; i++) {
            double[] at = body.pointInside(random, 0.55);
            double contrast = random.nextDouble(0.04, 0.10) * (random.nextBoolean() ? 1 : -1);
            blobs[i] = new Blob(at[0], at[1], random.nextDouble(3.5, 6.0) * scale, 1.5 * scale, contrast);
        }
        if (lesion) {
            double[] at = body.pointInside(random, 0.7);
            double strength = StrictMath.pow(random.nextDouble(), LESION_CONTRAST_SKEW);
            double contrast = (LESION_MIN_CONTRAST + (LESION_MAX_CONTRAST - LESION_MIN_CONTRAST) * strength)
                    * (random.nextBoolean() ? 1 : -1);
            double radius = random.nextDouble(LESION_MIN_RADIUS, LESION_MAX_RADIUS) * scale;
            blobs[organCount] = new Blob(at[0], at[1], radius, 0.5 * scale, contrast);
        }
        double noise = random.nextDouble(NOISE_MIN, NOISE_MAX);

        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double inside = tissue + texture[y * side + x];
                for (Blob blob : blobs) {
                    inside += blob.at(x, y);
                }
                double mask = body.mask(x, y);
                double value = background + rampX * x + rampY * y + mask * (inside - background)
                        + noise * random.nextGaussian();
                out[offset + y * side + x] = (float) Math.clamp(value, 0.0, 1.0);
            }
        }
    }

    /** Smooth texture: a few separable cosine waves of one to two and a half cycles across the image. */
    private double[] texture(SplittableRandom random) {
        double[] texture = new double[side * side];
        double[] row = new double[side];
        double[] column = new double[side];
        for (int wave = 0; wave < TEXTURE_WAVES; wave++) {
            double amplitude = random.nextDouble(0.015, 0.05);
            double kx = 2 * Math.PI * random.nextDouble(0.5, 2.5) / side;
            double ky = 2 * Math.PI * random.nextDouble(0.5, 2.5) / side;
            double phaseX = random.nextDouble(0, 2 * Math.PI);
            double phaseY = random.nextDouble(0, 2 * Math.PI);
            for (int i = 0; i < side; i++) {
                column[i] = StrictMath.cos(kx * i + phaseX);
                row[i] = amplitude * StrictMath.cos(ky * i + phaseY);
            }
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    texture[y * side + x] += row[y] * column[x];
                }
            }
        }
        return texture;
    }

    /** A rotated ellipse with a soft edge. */
    private record Body(double cx, double cy, double a, double b, double cos, double sin, double edge) {

        static Body random(SplittableRandom random, int side, double scale) {
            double center = (side - 1) / 2.0;
            double a = random.nextDouble(0.30, 0.42) * side;
            double theta = random.nextDouble(0, Math.PI);
            return new Body(center + random.nextDouble(-2.5, 2.5) * scale, center + random.nextDouble(-2.5, 2.5) * scale,
                    a, a * random.nextDouble(0.65, 0.95), StrictMath.cos(theta), StrictMath.sin(theta), random.nextDouble(0.6, 1.2) * scale);
        }

        /** 1 well inside, 0 well outside, a logistic ramp of width {@code edge} pixels across the border. */
        double mask(double x, double y) {
            double dx = x - cx;
            double dy = y - cy;
            double u = (dx * cos + dy * sin) / a;
            double v = (-dx * sin + dy * cos) / b;
            double distance = (Math.sqrt(u * u + v * v) - 1) * Math.sqrt(a * b);
            return 1 / (1 + StrictMath.exp(distance / edge));
        }

        /** A uniform random point within {@code fraction} of the way from the centre to the border. */
        double[] pointInside(SplittableRandom random, double fraction) {
            double r = Math.sqrt(random.nextDouble()) * fraction;
            double phi = random.nextDouble(0, 2 * Math.PI);
            double u = r * a * StrictMath.cos(phi);
            double v = r * b * StrictMath.sin(phi);
            return new double[] {cx + u * cos - v * sin, cy + u * sin + v * cos};
        }
    }

    /** A round soft-edged blob that adds {@code contrast} inside {@code radius}. */
    private record Blob(double x, double y, double radius, double edge, double contrast) {

        /** Beyond this many edge widths outside the radius the blob adds under 1e-5 of its contrast: skip exp. */
        private static final double REACH = 12;

        double at(double px, double py) {
            double dx = px - x;
            double dy = py - y;
            double reach = radius + REACH * edge;
            if (dx * dx + dy * dy > reach * reach) {
                return 0;
            }
            return contrast / (1 + StrictMath.exp((Math.sqrt(dx * dx + dy * dy) - radius) / edge));
        }
    }
}
