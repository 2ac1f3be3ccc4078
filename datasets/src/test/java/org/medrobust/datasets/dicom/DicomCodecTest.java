package org.medrobust.datasets.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.InvalidInputException;

/**
 * The compressed transfer syntaxes of the pydicom corpus against their oracles: an uncompressed twin of the same
 * image where the corpus has one (exact equality, these syntaxes are lossless), otherwise the reference values of
 * pydicom's own pixel tests (tests/pixels/pixels_reference.py, quoted beside each constant).
 */
class DicomCodecTest {

    private static Path file(String name) {
        return DicomReaderTest.file(name);
    }

    @Test
    void jpegLsLosslessEqualsTheUncompressedTwin() {
        DicomImage raw = DicomReader.read(file("MR_small.dcm"));
        DicomImage jls = DicomReader.read(file("MR_small_jpeg_ls_lossless.dcm"));
        assertThat(jls.transferSyntax()).contains("1.2.840.10008.1.2.4.80");
        assertThat(jls.values()).containsExactly(raw.values());
        assertThat(jls.image().pixels()).containsExactly(raw.image().pixels());
        // pydicom JLSL_16_16_1_1_1F: arr[0, 31:34] == (422, 319, 361), arr[-1, -3:] == (1369, 1129, 862)
        assertThat(new float[] {jls.value(0, 0, 31), jls.value(0, 0, 32), jls.value(0, 0, 33)}).containsExactly(422, 319, 361);
        assertThat(new float[] {jls.value(0, 63, 61), jls.value(0, 63, 62), jls.value(0, 63, 63)})
                .containsExactly(1369, 1129, 862);
    }

    @Test
    void jpeg2000LosslessEqualsTheUncompressedTwin() {
        DicomImage raw = DicomReader.read(file("MR_small.dcm"));
        DicomImage j2k = DicomReader.read(file("MR_small_jp2klossless.dcm"));
        assertThat(j2k.transferSyntax()).contains("1.2.840.10008.1.2.4.90");
        assertThat(j2k.values()).containsExactly(raw.values());
    }

    @Test
    void jpegLosslessColourEqualsTheRleTwinAndPydicomsColourBars() {
        DicomImage jpeg = DicomReader.read(file("SC_rgb_jpeg_gdcm.dcm"));
        assertThat(jpeg.transferSyntax()).contains("1.2.840.10008.1.2.4.70");
        assertThat(jpeg.values()).containsExactly(DicomReader.read(file("SC_rgb_rle.dcm")).values());
        // pydicom JPGS_08_08_3_1F_RGB: arr[5, 50] (255, 0, 0), arr[35, 50] (128, 255, 128), arr[75, 50] (64, 64, 64)
        assertRgb(jpeg, 5, 50, 255, 0, 0);
        assertRgb(jpeg, 35, 50, 128, 255, 128);
        assertRgb(jpeg, 75, 50, 64, 64, 64);
    }

    @Test
    void jpeg2000SignFollowsThePixelRepresentationNotTheCodestream() {
        // pydicom J2KR_16_13_1_1_1F_M2_MISMATCH (13 bits stored, signed; the codestream says unsigned):
        // arr[0, 0] == -2000, arr[47:57, 279] == [621, 412, 138, -193, -520, -767, -907, -966, -988, -995]
        DicomImage ct = DicomReader.read(file("J2K_pixelrep_mismatch.dcm"));
        assertThat(ct.value(0, 0, 0)).isEqualTo(-2000f);
        float[] column = new float[10];
        for (int i = 0; i < 10; i++) {
            column[i] = ct.value(0, 47 + i, 279);
        }
        assertThat(column).containsExactly(621, 412, 138, -193, -520, -767, -907, -966, -988, -995);
    }

    @Test
    void jpeg2000ColourInAJp2FileWithTheReversibleColourTransformIsRgbWithJj2000sKnownDeviation() {
        // pydicom J2KR_08_08_3_0_1F_YBR_RCT: arr[45, 140] (223, 32, 32), arr[46, 140] (255, 0, 0), arr[350, 195] (128, 128, 128).
        // The file is non-conformant (a JP2 header with JPX requirements inside DICOM; pillow fails on it too) and
        // JJ2000 decodes its red text edges up to 33 grey levels off (190, 65, 65) and (246, 9, 9): flat areas are exact,
        // the colour transform is right (red stays red), the wavelet detail is not. Pinned here so a fix shows.
        DicomImage rct = DicomReader.read(file("GDCMJ2K_TextGBR.dcm"));
        assertRgb(rct, 350, 195, 128, 128, 128);
        assertRgb(rct, 45, 140, 190, 65, 65);
        assertRgb(rct, 46, 140, 246, 9, 9);
    }

    @Test
    void lossyJpeg2000ColourStaysCloseToTheLosslessOriginal() {
        // pydicom compares SC_rgb_gdcm_KY to SC_rgb_gdcm2k_uncompressed.dcm, which this corpus lacks; the same colour
        // bars are here losslessly as SC_rgb_rle.dcm
        DicomImage lossy = DicomReader.read(file("SC_rgb_gdcm_KY.dcm"));
        float[] original = DicomReader.read(file("SC_rgb_rle.dcm")).values();
        double meanAbs = 0;
        for (int i = 0; i < original.length; i++) {
            meanAbs += Math.abs(original[i] - lossy.values()[i]);
        }
        assertThat(meanAbs / original.length).isLessThan(2.0);
        assertRgb(lossy, 5, 50, 255, 0, 0);
        assertRgb(lossy, 95, 50, 255, 255, 255);
    }

    @Test
    void lossyJpeg2000GrayDecodesAtTheHeadersSize() {
        // the uncompressed twins pydicom uses (JPEG2000_UNC.dcm, 693_UNCI.dcm) are not in this corpus: size and sign only
        DicomImage nm = DicomReader.read(file("JPEG2000.dcm"));
        assertThat(List.of(nm.rows(), nm.columns())).containsExactly(1024, 256);
        DicomImage ct = DicomReader.read(file("693_J2KI.dcm"));
        assertThat(List.of(ct.rows(), ct.columns())).containsExactly(512, 512);
        assertThat(ct.normalisation()).startsWith("rescale 1.0 x + -1024.0");
        float min = Float.MAX_VALUE;
        for (float v : ct.values()) {
            min = Math.min(min, v);
        }
        assertThat(min).as("signed 14-bit values below zero survive").isLessThan(-1024f);
    }

    @Test
    void twelveBitJpegMatchesPydicomsReferencePointsAndReadsTheFileWithTheInvalidScanEnd() {
        // pydicom JPGE_16_12_1_0_1F_M2 and JPGE_BAD: arr[420, 140] == 244, arr[230, 120] == 95 (points read in OsiriX,
        // pylibjpeg and GDCM agree); JPEG-lossy.dcm is the same stream with an invalid Se in its scan header
        DicomImage fixed = DicomReader.read(file("JPGExtended.dcm"));
        assertThat(fixed.transferSyntax()).contains("1.2.840.10008.1.2.4.51");
        assertThat(List.of(fixed.rows(), fixed.columns())).containsExactly(1024, 256);
        assertThat(fixed.value(0, 420, 140)).isEqualTo(244f);
        assertThat(fixed.value(0, 230, 120)).isEqualTo(95f);
        assertThat(DicomReader.read(file("JPEG-lossy.dcm")).values()).isEqualTo(fixed.values()); // all 262,144
    }

    @Test
    void aCorruptCodestreamIsOneLineNamingTheFileAndTheTransferSyntax() {
        // its SIZ marker holds the bytes of a sequence delimiter (FFFE,E0DD): the item parser must pass it, the codec refuses it
        assertThatThrownBy(() -> DicomReader.read(file("JPEG2000-embedded-sequence-delimiter.dcm")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("JPEG2000-embedded-sequence-delimiter.dcm")
                .hasMessageContaining("JPEG 2000 Image Compression (1.2.840.10008.1.2.4.91)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static void assertRgb(DicomImage image, int y, int x, int r, int g, int b) {
        assertThat(new float[] {image.value(0, y, x), image.value(1, y, x), image.value(2, y, x)}).as("(%d, %d)", y, x)
                .containsExactly(r, g, b);
    }
}
