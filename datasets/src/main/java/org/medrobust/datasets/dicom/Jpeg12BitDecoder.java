package org.medrobust.datasets.dicom;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * A focused decoder for 12-bit JPEG Extended (ITU-T T.81 | ISO/IEC 10918-1, process 4: sequential DCT, Huffman
 * coding, 12-bit samples), the DICOM transfer syntax 1.2.840.10008.1.2.4.51 at 12 bits, which the JDK's libjpeg-based
 * reader refuses ("Unsupported JPEG data precision 12") and no maintained Java library on Maven Central decodes
 * (TwelveMonkeys hands lossy JPEG to the JDK's reader; Commons Imaging reads baseline only). One gray component,
 * as DICOM stores 12-bit images; colour, progressive and arithmetic-coded streams are refused in one line.
 *
 * <p>Sections of T.81 it follows: B.2.2 (SOF0/SOF1 frame header), B.2.3 (scan header; Ss/Se are ignored for a
 * sequential scan, as libjpeg does, so JPEG-lossy.dcm with its invalid Se reads), B.2.4.1 (DQT, 8- and 16-bit
 * entries), B.2.4.2 (DHT), B.2.4.4 (DRI) with RSTn resynchronisation (F.2.1.3.1); F.2.2 (Huffman decoding of DC
 * differences and AC run/size symbols, EXTEND), F.1.2.3 (zig-zag order), A.3.3 (the 8 x 8 inverse DCT) and A.3.1
 * (level shift by 2^(P-1)). The inverse DCT is the IJG libjpeg 6b integer "islow" algorithm (jidctint.c, after Loeffler,
 * Ligtenberg and Moschytz 1989), with its 12-bit constants (CONST_BITS 13, PASS1_BITS 1), so results match the
 * libjpeg that GDCM and dcmtk use rather than drifting by one grey level where a float IDCT rounds otherwise.
 */
final class Jpeg12BitDecoder {

    private static final int[] ZIGZAG = {0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48,
            41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
            52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};
    private static final int CONST_BITS = 13;
    private static final int PASS1_BITS = 1;

    private final JpegStream in;
    private final int[][] quant = new int[4][];
    private final Huffman[] dc = new Huffman[4];
    private final Huffman[] ac = new Huffman[4];
    private int width;
    private int height;
    private int componentId;
    private int quantTable;
    private int restartInterval;

    private Jpeg12BitDecoder(byte[] data) {
        this.in = new JpegStream(data, "12-bit JPEG");
    }

    /** True if the stream's frame header (SOF0/SOF1) says 12-bit precision. */
    static boolean isTwelveBit(byte[] jpeg) {
        for (int i = 2; i + 4 < jpeg.length; i++) {
            if (jpeg[i] == (byte) 0xFF && (jpeg[i + 1] == (byte) 0xC0 || jpeg[i + 1] == (byte) 0xC1)) {
                return jpeg[i + 4] == 12;
            }
        }
        return false;
    }

    /** The decoded image: one band of unsigned 12-bit samples. */
    static Raster decode(byte[] jpeg) {
        try {
            return new Jpeg12BitDecoder(jpeg).read();
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            // a corrupt stream can index past a Huffman table: one line, not a trace
            throw new Malformed("corrupt 12-bit JPEG data (" + e.getMessage() + ")", e);
        }
    }

    private Raster read() {
        if (in.u8() != 0xFF || in.u8() != 0xD8) {
            throw new Malformed("the 12-bit JPEG stream does not start with SOI (FF D8)");
        }
        WritableRaster raster = null;
        while (true) {
            int marker = in.marker();
            if (marker == 0xD9) {
                break;
            }
            int end = in.pos + in.u16() - 2;
            if (end < in.pos || end > in.data.length) {
                throw new Malformed("12-bit JPEG marker segment FF " + String.format("%02X", marker)
                        + " runs past the end of the stream");
            }
            switch (marker) {
                case 0xC0, 0xC1 -> raster = frame();
                case 0xC4 -> huffmanTables(end);
                case 0xDB -> quantTables(end);
                case 0xDD -> restartInterval = in.u16();
                case 0xDA -> {
                    if (raster == null) {
                        throw new Malformed("12-bit JPEG scan (SOS) before the frame header");
                    }
                    scan(raster);
                    return raster;
                }
                default -> {
                    if (marker >= 0xC2 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                        throw new Malformed("JPEG frame type FF " + String.format("%02X", marker) + " (progressive,"
                                + " lossless or arithmetic-coded) is not read by the 12-bit decoder");
                    }
                }
            }
            in.pos = end;
        }
        throw new Malformed("the 12-bit JPEG stream ends without a scan");
    }

    private WritableRaster frame() {
        int precision = in.u8();
        height = in.u16();
        width = in.u16();
        int components = in.u8();
        if (precision != 12 || components != 1 || width == 0 || height == 0) {
            throw new Malformed("the 12-bit JPEG decoder reads one gray component at 12 bits; this frame has "
                    + components + " component(s) at " + precision + " bits, " + width + " x " + height);
        }
        componentId = in.u8();
        in.u8(); // sampling factors: a lone component's do not matter (A.2.2)
        quantTable = in.u8() & 3;
        return Raster.createBandedRaster(DataBuffer.TYPE_INT, width, height, 1, null);
    }

    private void quantTables(int end) {
        while (in.pos < end) {
            int pq = in.u8();
            int[] table = new int[64];
            for (int k = 0; k < 64; k++) {
                table[ZIGZAG[k]] = pq >> 4 == 0 ? in.u8() : in.u16();
            }
            quant[pq & 3] = table;
        }
    }

    private void huffmanTables(int end) {
        while (in.pos < end) {
            int tc = in.u8();
            int[] counts = new int[17];
            int total = 0;
            for (int length = 1; length <= 16; length++) {
                counts[length] = in.u8();
                total += counts[length];
            }
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = in.u8();
            }
            (tc >> 4 == 0 ? dc : ac)[tc & 3] = new Huffman(counts, symbols);
        }
    }

    private void scan(WritableRaster raster) {
        int count = in.u8();
        int id = in.u8();
        int tables = in.u8();
        in.pos += 3; // Ss, Se, Ah/Al: fixed for a sequential scan
        if (count != 1 || id != componentId) {
            throw new Malformed("the 12-bit JPEG scan must code the frame's one component");
        }
        Huffman dcTable = dc[tables >> 4 & 3];
        Huffman acTable = ac[tables & 3];
        int[] q = quant[quantTable];
        if (dcTable == null || acTable == null || q == null) {
            throw new Malformed("the 12-bit JPEG scan uses a Huffman or quantisation table the stream does not define");
        }
        Bits bits = new Bits();
        int blocksAcross = (width + 7) / 8;
        int blocks = blocksAcross * ((height + 7) / 8);
        int predictor = 0;
        int[] coefficients = new int[64];
        int[] block = new int[64];
        int[] samples = new int[width * height];
        for (int b = 0; b < blocks; b++) {
            if (restartInterval > 0 && b > 0 && b % restartInterval == 0) {
                bits.restart();
                predictor = 0;
            }
            java.util.Arrays.fill(coefficients, 0);
            int size = dcTable.decode(bits);
            predictor += extend(bits.read(size), size);
            coefficients[0] = predictor * q[0];
            for (int k = 1; k < 64; k++) {
                int rs = acTable.decode(bits);
                int run = rs >> 4;
                int s = rs & 15;
                if (s == 0) {
                    if (run != 15) {
                        break;
                    }
                    k += 15;
                    continue;
                }
                k += run;
                if (k > 63) {
                    throw new Malformed("corrupt 12-bit JPEG data: an AC run passes the end of a block");
                }
                coefficients[ZIGZAG[k]] = extend(bits.read(s), s) * q[ZIGZAG[k]];
            }
            idct(coefficients, block);
            int x0 = b % blocksAcross * 8;
            int y0 = b / blocksAcross * 8;
            for (int y = 0; y < 8 && y0 + y < height; y++) {
                for (int x = 0; x < 8 && x0 + x < width; x++) {
                    samples[(y0 + y) * width + x0 + x] = block[y * 8 + x];
                }
            }
        }
        raster.setSamples(0, 0, width, height, 0, samples);
    }

    /** F.2.2.1 EXTEND: the s-bit magnitude category value v as a signed difference. */
    private static int extend(int v, int s) {
        return s == 0 ? 0 : v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
    }

    /** libjpeg 6b jpeg_idct_islow for 12-bit samples: coefficients (dequantised, natural order) to level-shifted samples. */
    private static void idct(int[] in, int[] out) {
        long[] ws = new long[64];
        for (int c = 0; c < 8; c++) {
            boolean acZero = true;
            for (int r = 1; r < 8; r++) {
                acZero &= in[8 * r + c] == 0;
            }
            if (acZero) {
                long dcval = (long) in[c] << PASS1_BITS;
                for (int r = 0; r < 8; r++) {
                    ws[8 * r + c] = dcval;
                }
                continue;
            }
            long[] t = butterfly(in[c], in[8 + c], in[16 + c], in[24 + c], in[32 + c], in[40 + c], in[48 + c], in[56 + c]);
            for (int r = 0; r < 8; r++) {
                ws[8 * r + c] = descale(t[r], CONST_BITS - PASS1_BITS);
            }
        }
        for (int r = 0; r < 8; r++) {
            int o = 8 * r;
            long[] t = butterfly(ws[o], ws[o + 1], ws[o + 2], ws[o + 3], ws[o + 4], ws[o + 5], ws[o + 6], ws[o + 7]);
            for (int c = 0; c < 8; c++) {
                out[o + c] = Math.clamp(descale(t[c], CONST_BITS + PASS1_BITS + 3) + 2048, 0, 4095);
            }
        }
    }

    /** One 1-D pass of jidctint.c (even part, odd part, output butterfly), unscaled. */
    private static long[] butterfly(long s0, long s1, long s2, long s3, long s4, long s5, long s6, long s7) {
        long z1 = (s2 + s6) * 4433; // FIX(0.541196100)
        long tmp2 = z1 + s6 * -15137; // FIX(1.847759065)
        long tmp3 = z1 + s2 * 6270; // FIX(0.765366865)
        long tmp0 = (s0 + s4) << CONST_BITS;
        long tmp1 = (s0 - s4) << CONST_BITS;
        long tmp10 = tmp0 + tmp3;
        long tmp13 = tmp0 - tmp3;
        long tmp11 = tmp1 + tmp2;
        long tmp12 = tmp1 - tmp2;
        long o0 = s7;
        long o1 = s5;
        long o2 = s3;
        long o3 = s1;
        long y1 = o0 + o3;
        long y2 = o1 + o2;
        long y3 = o0 + o2;
        long y4 = o1 + o3;
        long z5 = (y3 + y4) * 9633; // FIX(1.175875602)
        o0 *= 2446; // FIX(0.298631336)
        o1 *= 16819; // FIX(2.053119869)
        o2 *= 25172; // FIX(3.072711026)
        o3 *= 12299; // FIX(1.501321110)
        y1 *= -7373; // FIX(0.899976223)
        y2 *= -20995; // FIX(2.562915447)
        y3 = y3 * -16069 + z5; // FIX(1.961570560)
        y4 = y4 * -3196 + z5; // FIX(0.390180644)
        o0 += y1 + y3;
        o1 += y2 + y4;
        o2 += y2 + y3;
        o3 += y1 + y4;
        return new long[] {tmp10 + o3, tmp11 + o2, tmp12 + o1, tmp13 + o0, tmp13 - o0, tmp12 - o1, tmp11 - o2, tmp10 - o3};
    }

    private static long descale(long x, int n) {
        return x + (1L << (n - 1)) >> n;
    }




    /** Canonical Huffman codes from code-length counts (T.81 C.2), decoded a bit at a time (F.2.2.3). */
    private static final class Huffman {
        private final int[] maxCode = new int[18];
        private final int[] valPtr = new int[17];
        private final int[] minCode = new int[17];
        private final int[] symbols;

        Huffman(int[] counts, int[] symbols) {
            this.symbols = symbols;
            int code = 0;
            int k = 0;
            for (int length = 1; length <= 16; length++) {
                valPtr[length] = k;
                minCode[length] = code;
                code += counts[length];
                k += counts[length];
                maxCode[length] = counts[length] == 0 ? -1 : code - 1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }

        int decode(Jpeg12BitDecoder.Bits bits) {
            int code = bits.bit();
            int length = 1;
            while (length <= 16 && code > maxCode[length]) {
                code = code << 1 | bits.bit();
                length++;
            }
            if (length > 16) {
                throw new Malformed("corrupt 12-bit JPEG data: no Huffman code matches");
            }
            return symbols[valPtr[length] + code - minCode[length]];
        }
    }

    /** Entropy-coded bits: 0xFF 0x00 is a data 0xFF (F.1.2.3); a marker ends the data and reads as zero bits. */
    private final class Bits {
        private int current;
        private int left;
        private boolean atMarker;

        int bit() {
            if (left == 0) {
                current = atMarker ? 0 : fetch();
                left = 8;
            }
            left--;
            return current >> left & 1;
        }

        int read(int n) {
            int value = 0;
            for (int i = 0; i < n; i++) {
                value = value << 1 | bit();
            }
            return value;
        }

        private int fetch() {
            int b = in.u8();
            if (b == 0xFF) {
                int next = in.u8();
                if (next != 0) {
                    atMarker = true;
                    in.pos -= 2;
                    return 0;
                }
            }
            return b;
        }

        /** Skip to and past the next RSTn marker, discarding the byte's remaining bits (F.2.1.3.1). */
        void restart() {
            left = 0;
            atMarker = false;
            byte[] data = in.data;
            while (in.pos + 1 < data.length && !(data[in.pos] == (byte) 0xFF && (data[in.pos + 1] & 0xF8) == 0xD0)) {
                in.pos++;
            }
            in.pos += 2;
        }
    }
}
