package org.medrobust.datasets.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medrobust.datasets.InvalidInputException;

/** Hostile and broken headers fail with one line naming the file, before any large allocation. */
class DicomHostileInputTest {

    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

    @TempDir
    Path tmp;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    private void assertRefused(Path file, String... fragments) {
        assertThatThrownBy(() -> DicomReader.read(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains(fragments));
    }

    @Test
    void aTinyValidFileDecodes() throws IOException {
        byte[] pixels = {1, 0, 2, 0, 3, 0, (byte) 0xff, (byte) 0xff};
        Path file = write("ok.dcm", DicomFiles.part10(EXPLICIT_LE).grayHeader(2, 2)
                .element(0x7FE0, 0x0010, "OW", pixels).bytes());
        DicomImage image = DicomReader.read(file);
        assertThat(image.values()).containsExactly(1, 2, 3, 65535);
    }

    @Test
    void aFrameThatIsAlmostAllOneValueFallsBackFromPercentilesToMinMax() throws IOException {
        byte[] pixels = new byte[2 * 400];
        pixels[2 * 67] = (byte) 0xf4; // one pixel of 500 among 399 zeros: both percentiles are 0
        pixels[2 * 67 + 1] = 1;
        DicomImage image = DicomReader.read(write("mask.dcm", DicomFiles.part10(EXPLICIT_LE).grayHeader(20, 20)
                .element(0x7FE0, 0x0010, "OW", pixels).bytes()));
        assertThat(image.normalisation()).startsWith("min-max (percentiles equal): [0.0, 500.0]");
        assertThat(image.image().at(0, 3, 7)).isEqualTo(1f);
        assertThat(image.image().at(0, 3, 6)).isEqualTo(0f);
    }

    @Test
    void jpegLsNearLosslessIsRefusedNamingTheTransferSyntax() throws IOException {
        Path file = write("near.dcm", DicomFiles.part10("1.2.840.10008.1.2.4.81").grayHeader(2, 2)
                .element(0x7FE0, 0x0010, "OW", new byte[8]).bytes());
        assertRefused(file, "JPEG-LS Lossy (Near-Lossless) Image Compression (1.2.840.10008.1.2.4.81)");
    }

    @ParameterizedTest
    @CsvSource({"MR_small_jpeg_ls_lossless.dcm, 1.2.840.10008.1.2.4.80, 64, JPEG-LS",
            "JPGExtended.dcm, 1.2.840.10008.1.2.4.51, 1024, 12-bit JPEG"})
    void aCodestreamCutShortOrScrambledIsOneLineNamingTheFile(String corpusFile, String syntax, int rows, String codec)
            throws IOException {
        byte[] whole = Files.readAllBytes(DicomReaderTest.file(corpusFile));
        int start = indexOf(whole, new byte[] {(byte) 0xFF, (byte) 0xD8}, 0);
        byte[] stream = java.util.Arrays.copyOfRange(whole, start, indexOf(whole, new byte[] {(byte) 0xFF, (byte) 0xD9},
                start) + 2);
        byte[] half = java.util.Arrays.copyOf(stream, stream.length / 2);
        assertRefused(encapsulated("cut.dcm", syntax, rows, half), "cut.dcm", codec);
        byte[] scrambled = stream.clone();
        java.util.Random random = new java.util.Random(7);
        for (int i = stream.length / 3; i < stream.length - 2; i++) {
            scrambled[i] = (byte) random.nextInt(256);
        }
        // scrambled entropy-coded data may still decode (to garbage) or be refused; it must never escape as a trace
        try {
            DicomReader.read(encapsulated("scrambled.dcm", syntax, rows, scrambled));
        } catch (InvalidInputException e) {
            assertThat(e.getMessage()).startsWith(tmp.resolve("scrambled.dcm").toString()).doesNotContain("\n");
        }
    }

    /** A gray 16-bit file of rows x 64 or x 256 whose pixel data is one fragment holding {@code stream}. */
    private Path encapsulated(String name, String syntax, int rows, byte[] stream) throws IOException {
        byte[] fragment = stream.length % 2 == 0 ? stream : java.util.Arrays.copyOf(stream, stream.length + 1);
        DicomFiles file = DicomFiles.part10(syntax).grayHeader(rows, rows == 64 ? 64 : 256);
        file.header(0x7FE0, 0x0010, "OB", 0xFFFFFFFFL).item(0xE000, 0).item(0xE000, fragment.length).raw(fragment)
                .item(0xE0DD, 0);
        return write(name, file.bytes());
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        for (int i = from; i + pattern.length <= bytes.length; i++) {
            if (bytes[i] == pattern[0] && bytes[i + 1] == pattern[1]) {
                return i;
            }
        }
        throw new IllegalStateException("pattern not found");
    }

    @Test
    void hugeRowsAndColumnsAreRefusedBeforeAllocating() throws IOException {
        Path file = write("huge.dcm", DicomFiles.part10(EXPLICIT_LE).grayHeader(65535, 65535)
                .element(0x7FE0, 0x0010, "OW", new byte[8]).bytes());
        assertRefused(file, "65535 x 65535", "refused");
    }

    @Test
    void negativeAndHugeFrameCountsAreRefusedInOneLine() throws IOException {
        Path negative = write("neg.dcm", DicomFiles.part10(EXPLICIT_LE).grayHeader(2, 2)
                .element(0x0028, 0x0008, "IS", "-3".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .element(0x7FE0, 0x0010, "OW", new byte[8]).bytes());
        assertRefused(negative, "Number of Frames (0028,0008) is -3.0", "positive integer");
        Path huge = write("frames.dcm", DicomFiles.part10(EXPLICIT_LE).grayHeader(2, 2)
                .element(0x0028, 0x0008, "IS", "2000000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .element(0x7FE0, 0x0010, "OW", new byte[8]).bytes());
        assertRefused(huge, "truncated pixel data", "2000000000 frame(s)", "need 16000000000 bytes");
    }

    @Test
    void elementLengthsBeyondTheFileAreRefused() throws IOException {
        Path file = write("long.dcm", DicomFiles.part10(EXPLICIT_LE).grayHeader(2, 2)
                .header(0x7FE0, 0x0010, "OW", 0xFFFF_FFF0L).raw(new byte[8]).bytes());
        assertRefused(file, "truncated", "pixel data");
        Path sequence = write("sq.dcm", DicomFiles.part10(EXPLICIT_LE).header(0x0008, 0x1140, "SQ", 0x7FFF_FFFFL).bytes());
        assertRefused(sequence, "truncated");
    }

    @Test
    void deeplyNestedSequencesAreRefusedWithoutOverflowingTheStack() throws IOException {
        DicomFiles file = DicomFiles.part10(EXPLICIT_LE);
        for (int depth = 0; depth < 10_000; depth++) {
            file.header(0x0008, 0x1140, "SQ", DicomParser.UNDEFINED).item(0xE000, DicomParser.UNDEFINED);
        }
        assertRefused(write("deep.dcm", file.bytes()), "nested deeper than 32");
    }

    @Test
    void pixelDataShorterThanTheHeaderSaysIsRefused() throws IOException {
        Path file = write("short.dcm", DicomFiles.part10(EXPLICIT_LE).grayHeader(4, 4)
                .element(0x7FE0, 0x0010, "OW", new byte[30]).bytes());
        assertRefused(file, "truncated pixel data", "need 32 bytes", "holds 30");
    }

    @Test
    void unknownTransferSyntaxesAndBadValuesAreNamed() throws IOException {
        assertRefused(write("uid.dcm", DicomFiles.part10("1.2.3.4").grayHeader(1, 1).bytes()),
                "unsupported transfer syntax '1.2.3.4'");
        Path bits = write("bits.dcm", DicomFiles.part10(EXPLICIT_LE).grayHeader(1, 1).us(0x0028, 0x0100, 12)
                .element(0x7FE0, 0x0010, "OW", new byte[2]).bytes());
        // (0028,0100) appears twice: the first value (16) counts, as in a well-formed file each tag is unique
        assertThat(DicomReader.read(bits).values()).hasSize(1);
        Path empty = write("empty.dcm", new byte[10]);
        assertRefused(empty, "not a DICOM Part 10 file");
    }

    @Test
    void encapsulatedPixelDataWithBrokenFragmentsIsRefused() throws IOException {
        Path rle = write("rle.dcm", DicomFiles.part10("1.2.840.10008.1.2.5").grayHeader(2, 2)
                .header(0x7FE0, 0x0010, "OB", DicomParser.UNDEFINED).item(0xE000, 0)
                .item(0xE000, 64).raw(new byte[64]).item(0xE0DD, 0).bytes());
        assertRefused(rle, "RLE frame 0 declares 0 segments");
        Path noEnd = write("noend.dcm", DicomFiles.part10("1.2.840.10008.1.2.5").grayHeader(2, 2)
                .header(0x7FE0, 0x0010, "OB", DicomParser.UNDEFINED).item(0xE000, 0).item(0xE000, 1000).bytes());
        assertRefused(noEnd, "truncated", "fragment");
    }
}
