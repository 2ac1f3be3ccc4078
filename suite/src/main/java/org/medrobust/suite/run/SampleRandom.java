package org.medrobust.suite.run;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The random generator for one sample of one scenario, a pure function of (campaign seed, scenario key, sample
 * index): any single result can be recomputed alone, and batch size or order never change a draw.
 */
public final class SampleRandom {

    private SampleRandom() {
    }

    public static RandomGenerator of(long seed, String scenarioKey, int sampleIndex) {
        long key = mix(mix(seed ^ hash(scenarioKey)) + sampleIndex * 0x9E3779B97F4A7C15L);
        return new SplittableRandom(key);
    }

    /** 64-bit FNV-1a over the UTF-8 bytes: stable across JVMs, unlike String.hashCode's 32 bits. */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser: spreads nearby keys over the whole 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
