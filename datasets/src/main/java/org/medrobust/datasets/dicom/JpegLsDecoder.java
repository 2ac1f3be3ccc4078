package org.medrobust.datasets.dicom;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * A focused JPEG-LS lossless decoder (ITU-T T.87 | ISO/IEC 14495-1), written here because no maintained Java library
 * on Maven Central decodes JPEG-LS (dcm4che's codec wraps the native CharLS). It reads what DICOM's JPEG-LS Lossless
 * transfer syntax (1.2.840.10008.1.2.4.80) carries: one frame, 2 to 16 bits, one component, or several coded one
 * scan per component (interleave mode 0). Near-lossless scans (NEAR &gt; 0), line or sample interleaving, mapping
 * tables, restart intervals and point transforms are refused with a one-line reason.
 *
 * <p>Sections of T.87 it follows:
 * <ul>
 *   <li>Annex C: the marker segments SOF55 (C.2.2), SOS (C.2.3), LSE preset parameters (C.2.4.1.1) and their
 *       defaults (C.2.4.1.1.1: MAXVAL = 2^P - 1, thresholds T1/T2/T3 from BASIC_T = 3, 7, 21, RESET = 64);</li>
 *   <li>A.2: initialisation of RANGE, qbpp, LIMIT and the 365 regular plus 2 run-interruption contexts;</li>
 *   <li>A.3: local gradients D1..D3, quantised to Q1..Q3 (A.3.3), merged and sign-normalised into a context (A.3.4);
 *       all three zero selects run mode;</li>
 *   <li>A.4: the median edge-detecting predictor and its bias correction C[Q];</li>
 *   <li>A.5: the Golomb parameter k, the limited-length Golomb code (A.5.3) and the error mapping (A.5.2, with the
 *       k = 0 special case);</li>
 *   <li>A.6: the context update and bias cancellation;</li>
 *   <li>A.7: run mode, with the run-length table J[RUNindex] (A.7.1) and run-interruption samples (A.7.2);</li>
 *   <li>A.1 / C.1: line edges (the first line sees zeros above it; at a line's start Ra = Rb and Rc is the sample
 *       above the previous line's start; at its end Rd = Rb) and the bit stuffing after a 0xFF byte.</li>
 * </ul>
 * Tested against uncompressed twins of the pydicom corpus (MR_small_jpeg_ls_lossless.dcm equals MR_small.dcm).
 */
final class JpegLsDecoder {

    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10,
            11, 12, 13, 14, 15};
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOF55 = 0xF7;
    private static final int LSE = 0xF8;
    private static final int SOS = 0xDA;
    private static final int DRI = 0xDD;

    private final JpegStream in;
    private int precision;
    private int width;
    private int height;
    private int[] componentIds;
    private int maxVal;
    private int t1;
    private int t2;
    private int t3;
    private int reset;

    private JpegLsDecoder(byte[] data) {
        this.in = new JpegStream(data, "JPEG-LS");
    }

    /** The decoded image: one band per component, samples as unsigned values of the frame's precision. */
    static Raster decode(byte[] data) {
        try {
            return new JpegLsDecoder(data).read();
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            // a corrupt stream can index past a table or make a raster of impossible size: one line, not a trace
            throw new Malformed("corrupt JPEG-LS data (" + e.getMessage() + ")", e);
        }
    }

    private Raster read() {
        if (in.u8() != 0xFF || in.u8() != SOI) {
            throw new Malformed("the JPEG-LS stream does not start with SOI (FF D8)");
        }
        WritableRaster raster = null;
        int scans = 0;
        while (true) {
            int marker = in.marker();
            if (marker == EOI) {
                break;
            }
            int length = in.u16() - 2;
            if (length < 0 || in.pos + length > in.data.length) {
                throw new Malformed("JPEG-LS marker segment FF " + hex(marker) + " runs past the end of the stream");
            }
            int end = in.pos + length;
            switch (marker) {
                case SOF55 -> raster = frameHeader();
                case LSE -> presetParameters();
                case SOS -> {
                    if (raster == null) {
                        throw new Malformed("JPEG-LS scan (SOS) before the frame header (SOF55)");
                    }
                    int band = scanHeader();
                    in.pos = end;
                    in.pos = new Scan(raster, band).decode(in.pos);
                    scans++;
                    continue;
                }
                case DRI -> {
                    if (in.u16() != 0) {
                        throw new Malformed("JPEG-LS restart intervals are not supported by this decoder");
                    }
                }
                default -> {
                    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                        throw new Malformed("the stream holds a JPEG frame FF " + hex(marker) + ", not JPEG-LS (SOF55)");
                    }
                    // APPn, COM and the like carry nothing the pixels need
                }
            }
            in.pos = end;
        }
        if (raster == null || scans < componentIds.length) {
            throw new Malformed("the JPEG-LS stream ends after " + scans + " scan(s); its frame has "
                    + (componentIds == null ? "no header" : componentIds.length + " component(s)"));
        }
        return raster;
    }

    private WritableRaster frameHeader() {
        precision = in.u8();
        height = in.u16();
        width = in.u16();
        int components = in.u8();
        if (precision < 2 || precision > 16) {
            throw new Malformed("JPEG-LS precision " + precision + " bits; T.87 allows 2 to 16");
        }
        if (width == 0 || height == 0 || components < 1 || components > 4) {
            throw new Malformed("JPEG-LS frame of " + width + " x " + height + " x " + components + " is not supported");
        }
        componentIds = new int[components];
        for (int c = 0; c < components; c++) {
            componentIds[c] = in.u8();
            int sampling = in.u8();
            in.u8();
            if (sampling != 0x11) {
                throw new Malformed("JPEG-LS sub-sampled components are not supported by this decoder");
            }
        }
        if (maxVal == 0) {
            maxVal = (1 << precision) - 1; // unless an LSE segment before the frame header set it
        }
        return Raster.createBandedRaster(DataBuffer.TYPE_INT, width, height, components, null);
    }

    /** LSE with id 1 (T.87 C.2.4.1.1): MAXVAL, T1, T2, T3, RESET; a zero keeps the default. */
    private void presetParameters() {
        int id = in.u8();
        if (id != 1) {
            throw new Malformed("JPEG-LS LSE segment of type " + id + " (mapping tables) is not supported by this decoder");
        }
        int max = in.u16();
        if (max != 0) {
            maxVal = max;
        }
        t1 = in.u16();
        t2 = in.u16();
        t3 = in.u16();
        reset = in.u16();
    }

    /** SOS (C.2.3): returns the band the scan fills. */
    private int scanHeader() {
        int count = in.u8();
        if (count != 1) {
            throw new Malformed("JPEG-LS scan with " + count + " interleaved components (line or sample interleaving) is"
                    + " not supported by this decoder; only one component per scan");
        }
        int id = in.u8();
        int mapping = in.u8();
        int near = in.u8();
        int interleave = in.u8();
        int transform = in.u8();
        if (near != 0) {
            throw new Malformed("JPEG-LS near-lossless scan (NEAR = " + near + ") is not supported by this decoder");
        }
        if (mapping != 0 || interleave != 0 || transform != 0) {
            throw new Malformed("JPEG-LS scan with mapping table " + mapping + ", interleave mode " + interleave
                    + ", point transform " + transform + " is not supported by this decoder");
        }
        for (int c = 0; c < componentIds.length; c++) {
            if (componentIds[c] == id) {
                return c;
            }
        }
        throw new Malformed("JPEG-LS scan names component " + id + ", which the frame does not have");
    }




    private static String hex(int marker) {
        return String.format("%02X", marker);
    }

    /** T.87 C.2.4.1.1.1: a default threshold unless the LSE segment gave one. */
    private static int clamp(int value, int low, int maxVal) {
        return value > maxVal || value < low ? low : value;
    }

    /** One scan of one component: its contexts (A.2), its bit reader (A.1, C.1) and the sample loop (A.3-A.7). */
    private final class Scan {
        private final WritableRaster raster;
        private final int band;
        private final int range;
        private final int qbpp;
        private final int limit;
        private final int k1;
        private final int k2;
        private final int k3;
        private final int resetAt;
        private final int[] a = new int[367];
        private final int[] b = new int[365];
        private final int[] c = new int[365];
        private final int[] n = new int[367];
        private final int[] nn = new int[2];
        private int runIndex;
        // bit reader state
        private int next;
        private long bits;
        private int count;
        private boolean afterFf;

        Scan(WritableRaster raster, int band) {
            this.raster = raster;
            this.band = band;
            range = maxVal + 1;
            qbpp = 32 - Integer.numberOfLeadingZeros(range - 1);
            int bpp = Math.max(2, 32 - Integer.numberOfLeadingZeros(maxVal));
            limit = 2 * (bpp + Math.max(8, bpp));
            if (maxVal >= 128) {
                int factor = (Math.min(maxVal, 4095) + 128) / 256;
                k1 = t1 != 0 ? t1 : clamp(factor * (3 - 2) + 2, 1, maxVal);
                k2 = t2 != 0 ? t2 : clamp(factor * (7 - 3) + 3, k1, maxVal);
                k3 = t3 != 0 ? t3 : clamp(factor * (21 - 4) + 4, k2, maxVal);
            } else {
                int factor = 256 / (maxVal + 1);
                k1 = t1 != 0 ? t1 : clamp(Math.max(2, 3 / factor), 1, maxVal);
                k2 = t2 != 0 ? t2 : clamp(Math.max(3, 7 / factor), k1, maxVal);
                k3 = t3 != 0 ? t3 : clamp(Math.max(4, 21 / factor), k2, maxVal);
            }
            resetAt = reset != 0 ? reset : 64;
            int initial = Math.max(2, (range + 32) / 64);
            java.util.Arrays.fill(a, initial);
            java.util.Arrays.fill(n, 1);
        }

        /** Decodes the scan's entropy-coded data from {@code start}; returns where its trailing marker begins. */
        int decode(int start) {
            next = start;
            int[] previous = new int[width + 2];
            int[] current = new int[width + 2];
            // index x + 1 holds column x; index 0 and width + 1 are the edge samples of A.1
            for (int y = 0; y < height; y++) {
                previous[width + 1] = previous[width];
                current[0] = previous[1];
                line(previous, current);
                raster.setSamples(0, y, width, 1, band, java.util.Arrays.copyOfRange(current, 1, width + 1));
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            // the scan ends byte-aligned (padding bits), at the next marker
            int end = next;
            while (end + 1 < in.data.length && !(in.data[end] == (byte) 0xFF && (in.data[end + 1] & 0x80) != 0)) {
                end++;
            }
            return end;
        }

        private void line(int[] previous, int[] current) {
            int x = 1;
            while (x <= width) {
                int ra = current[x - 1];
                int rb = previous[x];
                int rc = previous[x - 1];
                int rd = previous[x + 1];
                int context = 81 * quantise(rd - rb) + 9 * quantise(rb - rc) + quantise(rc - ra);
                if (context == 0) {
                    x = run(previous, current, x, ra);
                } else {
                    current[x] = regular(context, ra, rb, rc);
                    x++;
                }
            }
        }

        /** A.3.3 (NEAR = 0). */
        private int quantise(int d) {
            if (d <= -k3) {
                return -4;
            } else if (d <= -k2) {
                return -3;
            } else if (d <= -k1) {
                return -2;
            } else if (d < 0) {
                return -1;
            } else if (d == 0) {
                return 0;
            } else if (d < k1) {
                return 1;
            } else if (d < k2) {
                return 2;
            } else if (d < k3) {
                return 3;
            }
            return 4;
        }

        /** A.4-A.6: one sample in regular mode. */
        private int regular(int signedContext, int ra, int rb, int rc) {
            int sign = signedContext < 0 ? -1 : 1;
            int q = Math.abs(signedContext);
            int px;
            if (rc >= Math.max(ra, rb)) {
                px = Math.min(ra, rb);
            } else if (rc <= Math.min(ra, rb)) {
                px = Math.max(ra, rb);
            } else {
                px = ra + rb - rc;
            }
            px = Math.clamp(px + sign * c[q], 0, maxVal);
            int k = 0;
            while (n[q] << k < a[q]) {
                k++;
            }
            int mapped = golomb(k, limit);
            int error = mapped >>> 1 ^ -(mapped & 1);
            if (k == 0 && 2 * b[q] <= -n[q]) {
                error = ~error;
            }
            update(q, error);
            return wrap(px + sign * error);
        }

        /** A.6.1 and A.6.2. */
        private void update(int q, int error) {
            a[q] += Math.abs(error);
            b[q] += error;
            if (n[q] == resetAt) {
                a[q] >>= 1;
                b[q] >>= 1;
                n[q] >>= 1;
            }
            n[q]++;
            if (b[q] <= -n[q]) {
                b[q] += n[q];
                if (c[q] > -128) {
                    c[q]--;
                }
                if (b[q] <= -n[q]) {
                    b[q] = -n[q] + 1;
                }
            } else if (b[q] > 0) {
                b[q] -= n[q];
                if (c[q] < 127) {
                    c[q]++;
                }
                if (b[q] > 0) {
                    b[q] = 0;
                }
            }
        }

        /** A.7: a run of Ra from column x, then (unless the line ends) one run-interruption sample; returns the next x. */
        private int run(int[] previous, int[] current, int x, int ra) {
            int remaining = width - x + 1;
            int length = 0;
            while (length < remaining && bit() == 1) {
                int segment = 1 << J[runIndex];
                int taken = Math.min(segment, remaining - length);
                length += taken;
                if (taken == segment && runIndex < 31) {
                    runIndex++;
                }
            }
            if (length < remaining) {
                length += J[runIndex] > 0 ? read(J[runIndex]) : 0;
                if (length >= remaining) {
                    throw new Malformed("a JPEG-LS run of " + length + " samples passes the end of a " + width
                            + "-sample line");
                }
            }
            for (int i = 0; i < length; i++) {
                current[x + i] = ra;
            }
            x += length;
            if (length == remaining) {
                return x;
            }
            current[x] = interruption(ra, previous[x]);
            if (runIndex > 0) {
                runIndex--;
            }
            return x + 1;
        }

        /** A.7.2: a run-interruption sample, context 365 (Ra != Rb) or 366 (Ra == Rb). */
        private int interruption(int ra, int rb) {
            int type = ra == rb ? 1 : 0;
            int q = 365 + type;
            int temp = a[q] + (n[q] >> 1) * type;
            int k = 0;
            while (n[q] << k < temp) {
                k++;
            }
            int mapped = golomb(k, limit - J[runIndex] - 1);
            int t = mapped + type;
            boolean map = (t & 1) == 1;
            int magnitude = (t + (map ? 1 : 0)) / 2;
            // A.7.2.2: the encoder set map = 1 for a positive error only when k = 0 and 2 Nn < N, for a negative one otherwise
            int error = map != (k == 0 && 2 * nn[type] < n[q]) ? -magnitude : magnitude;
            if (error < 0) {
                nn[type]++;
            }
            a[q] += (mapped + 1 - type) >> 1;
            if (n[q] == resetAt) {
                a[q] >>= 1;
                n[q] >>= 1;
                nn[type] >>= 1;
            }
            n[q]++;
            return type == 1 ? wrap(ra + error) : wrap(rb + error * (rb - ra < 0 ? -1 : 1));
        }

        /** Modulo reduction of a reconstructed sample into [0, MAXVAL] (A.4.2 and A.6, NEAR = 0). */
        private int wrap(int value) {
            if (value < 0) {
                value += range;
            } else if (value > maxVal) {
                value -= range;
            }
            return Math.clamp(value, 0, maxVal);
        }

        /** A.5.3: a limited-length Golomb code with parameter k. */
        private int golomb(int k, int codeLimit) {
            int zeros = 0;
            while (bit() == 0) {
                zeros++;
                if (zeros > codeLimit) {
                    throw new Malformed("corrupt JPEG-LS data: a Golomb code longer than its limit of " + codeLimit);
                }
            }
            if (zeros >= codeLimit - qbpp - 1) {
                return read(qbpp) + 1;
            }
            return k == 0 ? zeros : zeros << k | read(k);
        }

        private int read(int width) {
            int value = 0;
            for (int i = 0; i < width; i++) {
                value = value << 1 | bit();
            }
            return value;
        }

        /** One bit of entropy-coded data; after a 0xFF byte the next byte's top bit is a stuffed zero (A.1). */
        private int bit() {
            if (count == 0) {
                if (next >= in.data.length) {
                    throw new Malformed("the JPEG-LS scan data is truncated");
                }
                int value = in.data[next++] & 0xFF;
                if (afterFf) {
                    if ((value & 0x80) != 0) {
                        throw new Malformed("the JPEG-LS scan data ends (a marker) before the image is complete");
                    }
                    bits = value;
                    count = 7;
                } else {
                    bits = value;
                    count = 8;
                }
                afterFf = value == 0xFF;
            }
            count--;
            return (int) (bits >>> count) & 1;
        }
    }
}
