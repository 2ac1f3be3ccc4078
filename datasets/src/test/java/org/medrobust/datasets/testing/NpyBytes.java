package org.medrobust.datasets.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test fixtures: builds .npy bytes exactly as numpy.save lays them out, and .npz archives of them. */
public final class NpyBytes {

    private NpyBytes() {
    }

    /** An .npy file of format 1.0 in C order. */
    public static byte[] npy(String descr, long[] shape, byte[] data) {
        return npy(1, descr, false, shape, data);
    }

    /** An .npy file; the header is padded with spaces to a multiple of 64 bytes as numpy does. */
    public static byte[] npy(int version, String descr, boolean fortran, long[] shape, byte[] data) {
        return npyWithHeader(version, "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shapeText(shape) + ", }", data);
    }

    /** An .npy file with an arbitrary header dict text (for malformed-header tests). */
    public static byte[] npyWithHeader(int version, String dict, byte[] data) {
        int lengthBytes = version == 1 ? 2 : 4;
        int preamble = 6 + 2 + lengthBytes;
        StringBuilder header = new StringBuilder(dict);
        while ((preamble + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] headerBytes = header.toString().getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        for (int i = 0; i < lengthBytes; i++) {
            out.write(headerBytes.length >>> (8 * i));
        }
        out.writeBytes(headerBytes);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** Python tuple syntax: (), (3,), (2, 3). */
    public static String shapeText(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringJoiner joiner = new StringJoiner(", ", "(", ")");
        for (long dim : shape) {
            joiner.add(Long.toString(dim));
        }
        return joiner.toString();
    }

    public static byte[] uint8(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    public static byte[] float64(ByteOrder order, double... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(order);
        for (double value : values) {
            buffer.putDouble(value);
        }
        return buffer.array();
    }

    public static byte[] float32(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    public static byte[] int64(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            buffer.putLong(value);
        }
        return buffer.array();
    }

    /** Writes an .npz; entries keep map order; {@code deflate} picks savez_compressed over savez layout. */
    public static Path npz(Path file, boolean deflate, Map<String, byte[]> entries) {
        try (OutputStream stream = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(stream)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (!deflate) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCompressedSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
