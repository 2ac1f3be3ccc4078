package org.medrobust.perturbations.site;

import java.util.Optional;

/**
 * The quality a JPEG file was written at, read from its luminance quantisation table (DQT marker, table 0): the IJG
 * quality q in 1..100 whose scaled table (libjpeg's {@code jpeg_quality_scaling}: scale {@code 5000 / q} below 50,
 * {@code 200 - 2 q} from 50; entry {@code clamp((K1 scale + 50) / 100, 1, 255)}, K1 the luminance table of ITU-T
 * T.81 Annex K.1) is nearest in summed absolute difference. Encoders built on libjpeg (the JDK's ImageIO writer,
 * Pillow, ImageMagick, most scanners' exporters) write exactly these tables, so the file says its quality where
 * the decoded pixels cannot (a 28x28 image has nine 8x8 blocks). A file with its own tables gets the nearest q and a
 * non-zero {@code residual}.
 */
public final class JpegQuality {

    /** ITU-T T.81 Table K.1, in natural (row-major) order. */
    private static final int[] LUMINANCE = {
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99};

    /** Natural-order index of the k-th coefficient in zig-zag order (T.81 Figure A.6): DQT stores zig-zag. */
    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53,
        60, 61, 54, 47, 55, 62, 63};

    /**
     * @param quality  the nearest IJG quality
     * @param residual summed absolute difference of the file's table and that quality's (0: exactly an IJG table)
     */
    public record Estimate(int quality, int residual) {
    }

    private JpegQuality() {
    }

    /** The estimate for a JPEG file's bytes; empty when they are not a JPEG or hold no luminance table. */
    public static Optional<Estimate> of(byte[] file) {
        int[] table = luminanceTable(file);
        return table == null ? Optional.empty() : Optional.of(nearest(table));
    }

    /** The IJG table of quality {@code q}, natural order. */
    static int[] ijgTable(int quality) {
        int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        int[] table = new int[64];
        for (int i = 0; i < 64; i++) {
            table[i] = Math.clamp((LUMINANCE[i] * scale + 50) / 100, 1, 255);
        }
        return table;
    }

    static Estimate nearest(int[] table) {
        Estimate best = null;
        for (int q = 1; q <= 100; q++) {
            int[] candidate = ijgTable(q);
            int residual = 0;
            for (int i = 0; i < 64; i++) {
                residual += Math.abs(candidate[i] - table[i]);
            }
            if (best == null || residual < best.residual()) {
                best = new Estimate(q, residual);
            }
        }
        return best;
    }

    /** Table 0 of the first DQT segment that defines it, in natural order; null if there is none. */
    private static int[] luminanceTable(byte[] f) {
        if (f.length < 4 || (f[0] & 0xff) != 0xFF || (f[1] & 0xff) != 0xD8) {
            return null;
        }
        int p = 2;
        while (p + 4 <= f.length && (f[p] & 0xff) == 0xFF) {
            int marker = f[p + 1] & 0xff;
            int length = (f[p + 2] & 0xff) << 8 | (f[p + 3] & 0xff);
            if (marker == 0xDA || marker == 0xD9 || length < 2) {
                return null; // entropy-coded data or the end before any table 0
            }
            int end = Math.min(p + 2 + length, f.length);
            if (marker == 0xDB) {
                int q = p + 4;
                while (q < end) {
                    int precision = (f[q] & 0xff) >> 4;
                    int id = f[q] & 0x0f;
                    int size = precision == 0 ? 1 : 2;
                    if (q + 1 + 64 * size > end) {
                        return null;
                    }
                    if (id == 0) {
                        int[] natural = new int[64];
                        for (int k = 0; k < 64; k++) {
                            int at = q + 1 + k * size;
                            natural[ZIGZAG[k]] = size == 1 ? f[at] & 0xff : (f[at] & 0xff) << 8 | (f[at + 1] & 0xff);
                        }
                        return natural;
                    }
                    q += 1 + 64 * size;
                }
            }
            p = end;
        }
        return null;
    }
}
