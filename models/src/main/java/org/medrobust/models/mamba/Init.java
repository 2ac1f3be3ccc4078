package org.medrobust.models.mamba;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Seeded initializers (each parameter draws from its own {@link SplittableRandom}, so a model is reproducible from
 * its seed alone, whatever DJL's global random state is).
 */
final class Init {

    private Init() {
    }

    /** Values computed from the element index (deterministic, no randomness). */
    static Initializer of(IntFunction<Float> value) {
        return (NDManager m, Shape shape, DataType type) -> {
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = value.apply(i);
            }
            return m.create(v, shape).toType(type, false);
        };
    }

    /** U(-bound, bound). */
    static Initializer uniform(long seed, double bound) {
        return (m, shape, type) -> {
            SplittableRandom r = new SplittableRandom(seed);
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((2 * r.nextDouble() - 1) * bound);
            }
            return m.create(v, shape).toType(type, false);
        };
    }

    /** PyTorch's default for Linear/Conv weights (kaiming_uniform with a = sqrt 5): U(-1/sqrt(fan_in), +). */
    static Initializer torchDefault(long seed, long fanIn) {
        return uniform(seed, 1 / Math.sqrt(fanIn));
    }

    /** N(0, std^2) truncated at +-2 std (timm's trunc_normal_ as Vim uses it for cls token and position embedding). */
    static Initializer truncatedNormal(long seed, double std) {
        return (m, shape, type) -> {
            SplittableRandom r = new SplittableRandom(seed);
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                double g;
                do {
                    g = gaussian(r);
                } while (Math.abs(g) > 2);
                v[i] = (float) (g * std);
            }
            return m.create(v, shape).toType(type, false);
        };
    }

    static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A seed per parameter: splitmix of (seed, salt). */
    static long derive(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
