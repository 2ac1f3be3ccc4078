package org.medrobust.datasets.npz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medrobust.datasets.testing.NpyBytes.float32;
import static org.medrobust.datasets.testing.NpyBytes.float64;
import static org.medrobust.datasets.testing.NpyBytes.int64;
import static org.medrobust.datasets.testing.NpyBytes.npy;
import static org.medrobust.datasets.testing.NpyBytes.npyWithHeader;
import static org.medrobust.datasets.testing.NpyBytes.npz;
import static org.medrobust.datasets.testing.NpyBytes.uint8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medrobust.datasets.InvalidInputException;

/** The npz/npy reader on synthetic archives built in the test: formats, dtypes, layouts and every kind of bad file. */
class NpzArchiveTest {

    @TempDir
    Path dir;

    private static Map<String, byte[]> entries(Object... nameThenBytes) {
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            map.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        }
        return map;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsStoredAndDeflatedEntriesInArchiveOrder(boolean deflate) {
        Path file = npz(dir.resolve("a.npz"), deflate, entries(
                "zeta.npy", npy("<f8", new long[] {2, 3}, float64(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6.5)),
                "alpha.npy", npy("|u1", new long[] {3}, uint8(0, 128, 255)),
                "mid.npy", npy("<i8", new long[] {}, int64(-7))));

        Map<String, NpyArray> arrays = NpzArchive.read(file);

        assertThat(arrays.keySet()).containsExactly("zeta", "alpha", "mid");
        NpyArray zeta = arrays.get("zeta");
        assertThat(zeta.dtype()).isEqualTo("<f8");
        assertThat(zeta.shape()).containsExactly(2, 3);
        assertThat(zeta.ndim()).isEqualTo(2);
        assertThat(zeta.dim(1)).isEqualTo(3);
        assertThat(zeta.dim(-1)).isEqualTo(3);
        assertThat(zeta.size()).isEqualTo(6);
        assertThat(zeta.toDoubles()).containsExactly(1, 2, 3, 4, 5, 6.5);
        assertThat(arrays.get("alpha").toInts()).containsExactly(0, 128, 255);
        assertThat(arrays.get("alpha").toFloats()).containsExactly(0f, 128f, 255f);
        NpyArray scalar = arrays.get("mid");
        assertThat(scalar.ndim()).isZero();
        assertThat(scalar.size()).isEqualTo(1);
        assertThat(scalar.toLongs()).containsExactly(-7);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void readsHeaderFormatVersions(int version) {
        byte[] bytes = npy(version, "<f4", false, new long[] {3}, float32(1.5f, -2f, 0.25f));
        NpyArray array = NpzArchive.readNpy("v", new ByteArrayInputStream(bytes));
        assertThat(array.shape()).containsExactly(3);
        assertThat(array.toFloats()).containsExactly(1.5f, -2f, 0.25f);
    }

    @Test
    void readsUtf8HeaderOfVersion3AndOldStyleShapes() {
        // A non-ASCII descr string is only legal in 3.0; here it must reach the dtype check intact.
        byte[] utf8 = npyWithHeader(3, "{'descr': '<f\u00e98', 'fortran_order': False, 'shape': (1,), }", float64(ByteOrder.LITTLE_ENDIAN, 1));
        assertThatThrownBy(() -> NpzArchive.readNpy("u", new ByteArrayInputStream(utf8)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unsupported dtype '<f\u00e98'");
        // Python 2 numpy wrote long suffixes and double quotes.
        byte[] python2 = npyWithHeader(1, "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2L, 1L)}", float64(ByteOrder.LITTLE_ENDIAN, 4, 5));
        assertThat(NpzArchive.readNpy("p", new ByteArrayInputStream(python2)).shape()).containsExactly(2, 1);
    }

    @Test
    void readsEmptyArrays() {
        NpyArray empty = NpzArchive.readNpy("e", new ByteArrayInputStream(npy("<f8", new long[] {2, 0}, new byte[0])));
        assertThat(empty.size()).isZero();
        assertThat(empty.toDoubles()).isEmpty();
    }

    /** Each dtype holding 0, 1, 100 (and the signed types -3): values must come back exactly, in both byte orders. */
    @ParameterizedTest
    @ValueSource(strings = {"|u1", "|i1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4", "<u4", "<i8", ">i8", "<u8",
            "<f2", "<f4", ">f4", "<f8", ">f8"})
    void decodesEveryNumericDtype(String descr) {
        NpyDtype type = NpyDtype.parse(descr, "test");
        boolean signed = type.kind() == 'i' || type.kind() == 'f';
        double[] values = signed ? new double[] {0, 1, 100, -3} : new double[] {0, 1, 100, 200};
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(values.length * type.itemSize()).order(type.order());
        for (double v : values) {
            switch (descr.substring(1)) {
                case "u1", "i1" -> buffer.put((byte) v);
                case "i2", "u2" -> buffer.putShort((short) v);
                case "i4", "u4" -> buffer.putInt((int) v);
                case "i8", "u8" -> buffer.putLong((long) v);
                case "f2" -> buffer.putShort(Float.floatToFloat16((float) v));
                case "f4" -> buffer.putFloat((float) v);
                default -> buffer.putDouble(v);
            }
        }
        NpyArray array = NpzArchive.readNpy("x", new ByteArrayInputStream(npy(descr, new long[] {4}, buffer.array())));

        assertThat(array.toDoubles()).containsExactly(values);
        if (type.isInteger()) {
            assertThat(array.toInts()).containsExactly(Arrays.stream(values).mapToInt(v -> (int) v).toArray());
        }
    }

    @Test
    void decodesBoolAndRefusesFloatsAsIntegers() {
        NpyArray bools = NpzArchive.readNpy("b", new ByteArrayInputStream(npy("|b1", new long[] {3}, uint8(1, 0, 1))));
        assertThat(bools.toInts()).containsExactly(1, 0, 1);
        NpyArray floats = NpzArchive.readNpy("f", new ByteArrayInputStream(npy("<f4", new long[] {1}, float32(1f))));
        assertThatThrownBy(floats::toInts).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("array 'f' holds float32 values where integers are expected");
        NpyArray huge = NpzArchive.readNpy("h", new ByteArrayInputStream(npy("<i8", new long[] {1}, int64(1L << 40))));
        assertThatThrownBy(huge::toInts).isInstanceOf(InvalidInputException.class).hasMessageContaining("outside the int32 range");
        NpyArray unsignedTop = NpzArchive.readNpy("u", new ByteArrayInputStream(npy("<u8", new long[] {1}, int64(-1L))));
        assertThat(unsignedTop.toDoubles()[0]).isEqualTo(18446744073709551615.0);
        assertThatThrownBy(unsignedTop::toLongs).isInstanceOf(InvalidInputException.class).hasMessageContaining("18446744073709551615");
    }

    @Test
    void transposesFortranOrderToCOrder() {
        // numpy: a = np.arange(24.).reshape(2, 3, 4); np.asfortranarray(a).ravel(order='K') is a in column-major order.
        double[] columnMajor = new double[24];
        int k = 0;
        for (int z = 0; z < 4; z++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 2; x++) {
                    columnMajor[k++] = x * 12 + y * 4 + z;
                }
            }
        }
        byte[] bytes = npy(1, "<f8", true, new long[] {2, 3, 4}, float64(ByteOrder.LITTLE_ENDIAN, columnMajor));
        NpyArray array = NpzArchive.readNpy("f", new ByteArrayInputStream(bytes));

        assertThat(array.fortranOrder()).isTrue();
        double[] expected = new double[24];
        Arrays.setAll(expected, i -> i);
        assertThat(array.toDoubles()).containsExactly(expected);
        assertThat(array.toFloats()[23]).isEqualTo(23f);
        assertThat(array.getDouble(13)).isEqualTo(13);
    }

    @Test
    void refusesPickledObjectArrays() {
        Path file = npz(dir.resolve("objects.npz"), false, entries(
                "ok.npy", npy("|u1", new long[] {1}, uint8(1)),
                "x.npy", npy("|O", new long[] {1}, uint8(0x80, 0x04, 0x2e))));
        assertThatThrownBy(() -> NpzArchive.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("objects.npz entry 'x' holds pickled Python objects, which medrobust never loads");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<c16", "<U5", "|S3", "<M8[D]", "<f16", "<i3", "x"})
    void refusesUnsupportedDtypes(String descr) {
        Path file = npz(dir.resolve("odd.npz"), false, entries("a.npy", npy(descr, new long[] {1}, new byte[16])));
        assertThatThrownBy(() -> NpzArchive.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("odd.npz entry 'a' has unsupported dtype");
    }

    @Test
    void refusesStructuredDtypeAndMalformedHeaders() {
        byte[] structured = npyWithHeader(1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", new byte[8]);
        assertThatThrownBy(() -> NpzArchive.readNpy("s", new ByteArrayInputStream(structured)))
                .hasMessageContaining("structured (record) dtype");
        byte[] missingKey = npyWithHeader(1, "{'descr': '<f8', 'shape': (1,), }", new byte[8]);
        assertThatThrownBy(() -> NpzArchive.readNpy("m", new ByteArrayInputStream(missingKey)))
                .hasMessageContaining("exactly the keys");
        byte[] code = npyWithHeader(1, "{'descr': __import__('os'), 'fortran_order': False, 'shape': (1,)}", new byte[8]);
        assertThatThrownBy(() -> NpzArchive.readNpy("c", new ByteArrayInputStream(code)))
                .hasMessageContaining("header is not a valid dict");
        byte[] negative = npyWithHeader(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}", new byte[8]);
        assertThatThrownBy(() -> NpzArchive.readNpy("n", new ByteArrayInputStream(negative)))
                .hasMessageContaining("not a non-negative integer");
    }

    @Test
    void refusesHeaderDataLengthMismatch() {
        byte[] shortData = npy("<f8", new long[] {4}, float64(ByteOrder.LITTLE_ENDIAN, 1, 2, 3));
        Path file = npz(dir.resolve("short.npz"), true, entries("a.npy", shortData));
        assertThatThrownBy(() -> NpzArchive.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("short.npz entry 'a': header/data length mismatch (shape [4] of float64 needs 32 bytes, found 24)");
        byte[] longData = npy("<f8", new long[] {2}, float64(ByteOrder.LITTLE_ENDIAN, 1, 2, 3));
        assertThatThrownBy(() -> NpzArchive.readNpy("b", new ByteArrayInputStream(longData)))
                .hasMessageContaining("array 'b': header/data length mismatch");
        assertThatThrownBy(() -> NpzArchive.readNpy("c", new ByteArrayInputStream(shortData)))
                .hasMessageContaining("array 'c': header/data length mismatch");
    }

    @Test
    void refusesBadMagicAndUnknownVersion() {
        Path file = npz(dir.resolve("magic.npz"), false, entries("a.npy", "just some text, not numpy".getBytes()));
        assertThatThrownBy(() -> NpzArchive.read(file)).hasMessageContaining("magic.npz entry 'a': not an .npy array (bad magic bytes");
        byte[] v9 = npy(1, "<f8", false, new long[] {1}, new byte[8]);
        v9[6] = 9;
        assertThatThrownBy(() -> NpzArchive.readNpy("v", new ByteArrayInputStream(v9)))
                .hasMessageContaining("unsupported .npy format version 9.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.npy", "dir/inner.npy", "..\\win.npy", "notes.txt"})
    void refusesHostileOrForeignEntryNames(String name) {
        Path file = npz(dir.resolve("names.npz"), false, entries(name, npy("|u1", new long[] {1}, uint8(1))));
        assertThatThrownBy(() -> NpzArchive.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("names.npz: ")
                .hasMessageNotContaining("\n")
                .hasMessageMatching(".*(path separator or '\\.\\.'|is not a named \\.npy array).*");
    }

    @Test
    void detectsCorruptedStoredDataByChecksum() throws IOException {
        byte[] payload = npy("<f8", new long[] {3}, float64(ByteOrder.LITTLE_ENDIAN, 1.25, 2.5, 3.75));
        Path file = npz(dir.resolve("flip.npz"), false, entries("a.npy", payload));
        byte[] bytes = Files.readAllBytes(file);
        int at = indexOf(bytes, float64(ByteOrder.LITTLE_ENDIAN, 2.5));
        bytes[at + 7] ^= 0x01;
        Files.write(file, bytes);

        assertThatThrownBy(() -> NpzArchive.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("flip.npz entry 'a': checksum mismatch");
    }

    @Test
    void refusesFilesThatAreNotZipArchives() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.npz"), "hello");
        assertThatThrownBy(() -> NpzArchive.read(text)).hasMessage("notes.npz: not a zip archive (an .npz is a zip of .npy arrays);"
                + " check that the file was written by numpy.savez or numpy.savez_compressed");
        Path empty = Files.write(dir.resolve("empty.npz"), new byte[0]);
        assertThatThrownBy(() -> NpzArchive.read(empty)).hasMessageStartingWith("empty.npz: the file is empty");
        Path bare = Files.write(dir.resolve("bare.npz"), npy("|u1", new long[] {1}, uint8(1)));
        assertThatThrownBy(() -> NpzArchive.read(bare)).hasMessageStartingWith("bare.npz: is a bare .npy array");
        assertThatThrownBy(() -> NpzArchive.read(dir.resolve("missing.npz"))).hasMessageStartingWith("missing.npz: file not found");
    }

    @Test
    void readsBareNpyFiles() throws IOException {
        Path file = Files.write(dir.resolve("weights.npy"), npy("<f4", new long[] {2}, float32(3f, 4f)));
        NpyArray array = NpzArchive.readNpy(file);
        assertThat(array.name()).isEqualTo("weights");
        assertThat(array.toFloats()).containsExactly(3f, 4f);
    }

    @Test
    void arraysAreImmutable() {
        NpyArray array = NpzArchive.readNpy("i", new ByteArrayInputStream(npy("|u1", new long[] {2}, uint8(5, 6))));
        array.shape()[0] = 99;
        assertThat(array.shape()).containsExactly(2);
        assertThat(array.data().isReadOnly()).isTrue();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
