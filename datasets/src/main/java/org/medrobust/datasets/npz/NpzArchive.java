package org.medrobust.datasets.npz;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.medrobust.datasets.InvalidInputException;

/**
 * Reads numpy .npz archives (zip files of .npy arrays, stored or deflated) and bare .npy arrays.
 * Only numeric arrays are read; pickled objects are refused, never deserialised. Nothing is ever written to disk,
 * so hostile entry names cannot escape anywhere, but they are still refused to keep archives unambiguous.
 */
public final class NpzArchive {

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy itself refuses headers over 10 000 bytes by default; this leaves room and stops absurd allocations. */
    private static final int MAX_HEADER_BYTES = 1 << 16;
    /** One ByteBuffer (and one Java array of floats) must hold the data. */
    private static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;
    private static final String REEXPORT = "re-download or re-export the file";

    private NpzArchive() {
    }

    /**
     * All arrays of an .npz file, keyed by entry name without ".npy", in archive order.
     *
     * @throws InvalidInputException if the file is missing, not a zip, truncated or corrupt, or holds anything but
     *                               plain numeric .npy arrays
     */
    public static Map<String, NpyArray> read(Path file) {
        String label = label(file);
        checkZipSignature(file, label);
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            for (ZipEntry entry : zip.stream().toList()) { // central-directory order, as numpy wrote them
                String key = arrayName(entry.getName(), label);
                if (arrays.containsKey(key)) {
                    throw new InvalidInputException(label + ": entry '" + Text.printable(entry.getName())
                            + "' appears twice, so the archive is ambiguous; " + REEXPORT);
                }
                arrays.put(key, readEntry(zip, entry, key, label));
            }
            if (arrays.isEmpty()) {
                throw new InvalidInputException(label + ": the archive holds no arrays; " + REEXPORT);
            }
            return arrays;
        } catch (ZipException e) {
            throw new InvalidInputException(label + ": truncated or corrupt zip archive (" + detail(e)
                    + "); " + REEXPORT, e);
        } catch (IOException e) {
            throw new InvalidInputException(label + ": cannot read the file (" + detail(e) + "); check permissions and disk", e);
        }
    }

    /** A bare .npy file; the array is named after the file without ".npy". */
    public static NpyArray readNpy(Path file) {
        String label = label(file);
        String name = label.endsWith(".npy") ? label.substring(0, label.length() - 4) : label;
        try (InputStream in = Files.newInputStream(file)) {
            return readNpy(label, name, in, Files.size(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(label + ": file not found (" + Text.printable(file.toString()) + "); check the path", e);
        } catch (IOException e) {
            throw new InvalidInputException(label + ": cannot read the file (" + detail(e) + "); check permissions and disk", e);
        }
    }

    /**
     * One .npy array from a stream, read to its end (data after the array is an error). Messages name the array
     * as {@code name}.
     */
    public static NpyArray readNpy(String name, InputStream in) {
        String where = "array '" + Text.printable(name) + "'";
        try {
            return readNpy(where, name, in, -1);
        } catch (IOException e) {
            throw new InvalidInputException(where + ": cannot read the data (" + detail(e) + "); " + REEXPORT, e);
        }
    }

    private static NpyArray readEntry(ZipFile zip, ZipEntry entry, String key, String label) throws IOException {
        String where = label + " entry '" + Text.printable(key) + "'";
        CRC32 crc = new CRC32();
        try (InputStream in = new CheckedInputStream(zip.getInputStream(entry), crc)) {
            NpyArray array = readNpy(where, key, in, entry.getSize());
            // ZipFile does not verify checksums itself; a flipped bit in a stored entry would pass silently.
            if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
                throw new InvalidInputException(where + ": checksum mismatch (the data is corrupt); " + REEXPORT);
            }
            return array;
        } catch (ZipException | EOFException e) {
            throw new InvalidInputException(where + ": corrupt or truncated entry (" + detail(e) + "); " + REEXPORT, e);
        }
    }

    /** Reads one array; {@code length} is the stream's total length where known, else -1. */
    private static NpyArray readNpy(String where, String name, InputStream in, long length) throws IOException {
        byte[] magic = in.readNBytes(NPY_MAGIC.length);
        if (!Arrays.equals(magic, NPY_MAGIC)) {
            throw new InvalidInputException(where + ": not an .npy array (bad magic bytes, expected \\x93NUMPY); " + REEXPORT);
        }
        int major = readByte(in, where);
        int minor = readByte(in, where);
        int lengthBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw new InvalidInputException(where + ": unsupported .npy format version " + major + "." + minor
                    + " (medrobust reads 1.0, 2.0 and 3.0); re-save it with numpy.save");
        };
        long headerLength = 0;
        for (int i = 0; i < lengthBytes; i++) {
            headerLength |= (long) readByte(in, where) << (8 * i); // little-endian
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new InvalidInputException(where + ": header of " + headerLength + " bytes is implausibly long; " + REEXPORT);
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new InvalidInputException(where + ": truncated header (" + headerBytes.length + " of " + headerLength
                    + " bytes); " + REEXPORT);
        }
        // Format 3.0 exists only to allow UTF-8 in the header; 1.0 and 2.0 are Latin-1.
        String headerText = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header = NpyHeader.parse(headerText, where);

        long count = NpyArray.elementCount(header.shape(), name);
        long dataBytes = count > MAX_DATA_BYTES ? Long.MAX_VALUE : count * header.dtype().itemSize();
        if (dataBytes > MAX_DATA_BYTES) {
            throw new InvalidInputException(where + ": shape " + Arrays.toString(header.shape())
                    + " is too large for one array (over 2 GiB); split it into smaller arrays");
        }
        long available = length < 0 ? -1 : length - NPY_MAGIC.length - 2 - lengthBytes - headerLength;
        if (available >= 0 && available != dataBytes) {
            throw lengthMismatch(where, header, dataBytes, Long.toString(available));
        }
        byte[] data = in.readNBytes((int) dataBytes);
        if (data.length < dataBytes) {
            throw lengthMismatch(where, header, dataBytes, Integer.toString(data.length));
        }
        if (in.read() != -1) {
            throw lengthMismatch(where, header, dataBytes, "more than " + dataBytes);
        }
        return new NpyArray(name, header.dtype().descr(), header.shape(), header.fortranOrder(), ByteBuffer.wrap(data));
    }

    private static InvalidInputException lengthMismatch(String where, NpyHeader header, long expected, String actual) {
        return new InvalidInputException(where + ": header/data length mismatch (shape " + Arrays.toString(header.shape())
                + " of " + header.dtype().typeName() + " needs " + expected + " bytes, found " + actual + "); " + REEXPORT);
    }

    private static int readByte(InputStream in, String where) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new InvalidInputException(where + ": truncated header (ends inside the preamble); " + REEXPORT);
        }
        return b;
    }

    /** Entry name to array key; refuses names that could mean a path, so keys are flat and unambiguous. */
    private static String arrayName(String entryName, String label) {
        if (entryName.contains("/") || entryName.contains("\\") || entryName.contains("..") || entryName.indexOf('\0') >= 0) {
            throw new InvalidInputException(label + ": entry name '" + Text.printable(entryName)
                    + "' contains a path separator or '..'; an .npz from numpy.savez holds flat names only, " + REEXPORT);
        }
        if (!entryName.endsWith(".npy") || entryName.length() == 4) {
            throw new InvalidInputException(label + ": entry '" + Text.printable(entryName)
                    + "' is not a named .npy array; an .npz holds only .npy arrays, " + REEXPORT);
        }
        return entryName.substring(0, entryName.length() - 4);
    }

    /** Clear messages for the cases where ZipFile would only say "zip END header not found". */
    private static void checkZipSignature(Path file, String label) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(NPY_MAGIC.length);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(label + ": file not found (" + Text.printable(file.toString()) + "); check the path", e);
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(label + ": is a directory, not an .npz file; give the path of the .npz file", e);
            }
            throw new InvalidInputException(label + ": cannot read the file (" + detail(e) + "); check permissions and disk", e);
        }
        if (head.length == 0) {
            throw new InvalidInputException(label + ": the file is empty; " + REEXPORT);
        }
        if (Arrays.equals(head, NPY_MAGIC)) {
            throw new InvalidInputException(label + ": is a bare .npy array, not an .npz archive; read it with"
                    + " NpzArchive.readNpy or save it with numpy.savez");
        }
        if (head.length < 4 || head[0] != 'P' || head[1] != 'K') {
            throw new InvalidInputException(label + ": not a zip archive (an .npz is a zip of .npy arrays);"
                    + " check that the file was written by numpy.savez or numpy.savez_compressed");
        }
    }

    private static String label(Path file) {
        Path name = file.getFileName();
        return Text.printable(name == null ? file.toString() : name.toString());
    }

    private static String detail(Exception e) {
        return Text.printable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
