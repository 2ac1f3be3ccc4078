package org.medrobust.datasets.dicom;

import java.nio.ByteOrder;

/**
 * RLE Lossless pixel data (PS3.5 Annex G): per frame a 64-byte header (segment count, then up to 15 segment offsets,
 * little endian) and one PackBits segment per byte of each sample, most significant byte first; segment
 * {@code s * bytesPerSample + b} holds byte b of sample s for every pixel.
 */
final class RlePixels {

    private RlePixels() {
    }

    static double[] frame(DicomDataSet set, PixelModule module, int frame) {
        if (module.bitsAllocated() == 1) {
            throw new Malformed("RLE with 1 bit allocated is not supported");
        }
        byte[] data = EncapsulatedFrames.frame(set, module, frame);
        int bytes = module.bitsAllocated() / 8;
        int segments = module.samples() * bytes;
        if (data.length < 64) {
            throw new Malformed("truncated RLE frame " + frame + ": " + data.length + " bytes, the header alone needs 64");
        }
        long declared = DicomBuffer.u32(data, 0, ByteOrder.LITTLE_ENDIAN);
        if (declared != segments) {
            throw new Malformed("RLE frame " + frame + " declares " + declared + " segments; " + module.samples()
                    + " sample(s) of " + module.bitsAllocated() + " bits need " + segments);
        }
        int n = module.pixels();
        long[] values = new long[n * module.samples()];
        for (int segment = 0; segment < segments; segment++) {
            long start = DicomBuffer.u32(data, 4 + 4 * segment, ByteOrder.LITTLE_ENDIAN);
            long end = segment + 1 < segments ? DicomBuffer.u32(data, 8 + 4 * segment, ByteOrder.LITTLE_ENDIAN) : data.length;
            if (start < 64 || end > data.length || start > end) {
                throw new Malformed("RLE frame " + frame + " segment " + segment + " lies at bytes [" + start + ", " + end
                        + ") outside the frame's " + data.length + " bytes");
            }
            byte[] decoded = unpack(data, (int) start, (int) end, n, frame, segment);
            int sample = segment / bytes;
            int shift = 8 * (bytes - 1 - segment % bytes);
            for (int p = 0; p < n; p++) {
                values[sample * n + p] |= (long) (decoded[p] & 0xff) << shift;
            }
        }
        double[] planes = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            planes[i] = module.stored(values[i]);
        }
        return planes;
    }

    /** PackBits: a header byte h, then h + 1 literal bytes (h >= 0) or one byte repeated 1 - h times (h < 0, h != -128). */
    private static byte[] unpack(byte[] data, int from, int to, int count, int frame, int segment) {
        byte[] out = new byte[count];
        int written = 0;
        int at = from;
        while (written < count && at < to) {
            int header = data[at++];
            if (header >= 0) {
                int run = Math.min(header + 1, Math.min(count - written, to - at));
                System.arraycopy(data, at, out, written, run);
                at += header + 1;
                written += run;
            } else if (header != -128 && at < to) {
                int run = Math.min(1 - header, count - written);
                java.util.Arrays.fill(out, written, written + run, data[at++]);
                written += run;
            }
        }
        if (written < count) {
            throw new Malformed("truncated RLE data: frame " + frame + " segment " + segment + " decodes to " + written
                    + " of its " + count + " bytes");
        }
        return out;
    }
}
