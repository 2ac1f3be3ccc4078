package org.medrobust.datasets.dicom;

import java.nio.ByteOrder;
import org.medrobust.datasets.dicom.DicomDataSet.Value;

/**
 * Uncompressed pixel data (PS3.5 section 8.1.1): frames one after another, samples interleaved (planar
 * configuration 0) or in planes (1), each value in bits-allocated bits of the data set's byte order; 1-bit data
 * packed eight pixels a byte, least significant bit first; YBR_FULL_422 as Y1 Y2 Cb Cr for each pair of pixels
 * (PS3.3 section C.7.6.3.1.2).
 */
final class NativePixels {

    private NativePixels() {
    }

    /** The stored values of one frame, sample by sample (planar), masked and sign-extended. */
    static double[] frame(DicomDataSet set, PixelModule module, int frame) {
        Value pixels = set.pixels();
        long frameBits = (long) module.pixels() * module.samples() * module.bitsAllocated();
        if ("YBR_FULL_422".equals(module.photometric())) {
            if (module.bitsAllocated() != 8 || module.columns() % 2 != 0) {
                throw new Malformed("uncompressed YBR_FULL_422 is read for 8 bits and an even number of columns only");
            }
            frameBits = (long) module.pixels() * 2 * 8;
        }
        long needed = (frameBits * module.frames() + 7) / 8;
        if (pixels.length() < needed) {
            throw new Malformed("truncated pixel data: " + module.frames() + " frame(s) of " + module.rows() + " x "
                    + module.columns() + " x " + module.samples() + " at " + module.bitsAllocated() + " bits need "
                    + needed + " bytes, the file holds " + pixels.length());
        }
        long firstBit = (long) pixels.offset() * 8 + frameBits * frame;
        if ("YBR_FULL_422".equals(module.photometric())) {
            return ybr422(set.data(), (int) (firstBit / 8), module);
        }
        int count = module.pixels() * module.samples();
        double[] planes = new double[count];
        for (int i = 0; i < count; i++) {
            // i runs through the file's order; p and s say which pixel and sample that is
            int p = module.planar() ? i % module.pixels() : i / module.samples();
            int s = module.planar() ? i / module.pixels() : i % module.samples();
            planes[s * module.pixels() + p] = module.stored(raw(set.data(), firstBit, i, module.bitsAllocated(), set.order()));
        }
        return planes;
    }

    private static long raw(byte[] data, long firstBit, int index, int bits, ByteOrder order) {
        return switch (bits) {
            case 1 -> {
                long bit = firstBit + index;
                yield data[(int) (bit >>> 3)] >>> (bit & 7) & 1;
            }
            case 8 -> data[(int) (firstBit >>> 3) + index] & 0xff;
            case 16 -> DicomBuffer.u16(data, (int) (firstBit >>> 3) + 2 * index, order);
            default -> DicomBuffer.u32(data, (int) (firstBit >>> 3) + 4 * index, order);
        };
    }

    /** Y1 Y2 Cb Cr per pair of pixels, expanded to full Y, Cb and Cr planes. */
    private static double[] ybr422(byte[] data, int from, PixelModule module) {
        int n = module.pixels();
        double[] planes = new double[3 * n];
        for (int pair = 0; pair < n / 2; pair++) {
            int at = from + 4 * pair;
            planes[2 * pair] = data[at] & 0xff;
            planes[2 * pair + 1] = data[at + 1] & 0xff;
            planes[n + 2 * pair] = planes[n + 2 * pair + 1] = data[at + 2] & 0xff;
            planes[2 * n + 2 * pair] = planes[2 * n + 2 * pair + 1] = data[at + 3] & 0xff;
        }
        return planes;
    }
}
