package org.medrobust.datasets.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.testing.SharedData;

/**
 * The reader on the real pydicom test corpus (../shared/data/dicom). Expected values come from Debian's
 * python3-pydicom 2.3.1, computed once by src/test/resources/dicom/pydicom_oracle.py (its output is quoted beside
 * each constant); pydicom is not needed at test time.
 */
class DicomReaderTest {

    static Path file(String name) {
        return SharedData.require("data/dicom/test_files/" + name);
    }

    @Test
    void mrSmallDecodesToIdenticalPixelsInEveryUncompressedAndRleEncoding() {
        DicomImage reference = DicomReader.read(file("MR_small.dcm"));
        assertThat(reference.transferSyntax()).contains("1.2.840.10008.1.2.1");
        for (String encoding : List.of("MR_small_implicit.dcm", "MR_small_bigendian.dcm", "MR_small_expb.dcm",
                "MR_small_RLE.dcm", "MR_small_padded.dcm")) {
            DicomImage other = DicomReader.read(file(encoding));
            assertThat(other.values()).as(encoding).containsExactly(reference.values());
            assertThat(other.image().pixels()).as(encoding).containsExactly(reference.image().pixels());
        }
        // pydicom: MR_small stored at (y,x) (0, 0, 905) (32, 32, 182) (20, 40, 296) (63, 1, 374)
        assertThat(reference.value(0, 0, 0)).isEqualTo(905f);
        assertThat(reference.value(0, 32, 32)).isEqualTo(182f);
        assertThat(reference.value(0, 20, 40)).isEqualTo(296f);
        assertThat(reference.value(0, 63, 1)).isEqualTo(374f);
    }

    @Test
    void mrSmallUsesItsWindowWithTheDicomLinearVoiFunction() {
        // pydicom: MR_small window '600.0' '1600.0'; y = (x - (c - 0.5)) / (w - 1) + 0.5 inside the window
        DicomImage mr = DicomReader.read(file("MR_small.dcm"));
        assertThat(mr.normalisation()).startsWith("window centre 600.0 width 1600.0");
        assertThat(mr.image().at(0, 0, 0)).isCloseTo((float) ((905 - 599.5) / 1599 + 0.5), within(1e-6f));
        assertThat(mr.image().at(0, 32, 32)).isCloseTo((float) ((182 - 599.5) / 1599 + 0.5), within(1e-6f));
    }

    @Test
    void ctSmallGivesHounsfieldUnitsAndAPercentileWindow() {
        DicomImage ct = DicomReader.read(file("CT_small.dcm"));
        // pydicom: CT_small HU at (y,x) (0, 0, -849.0) (64, 64, 904.0) (10, 100, 203.0) (127, 127, -115.0)
        //          (50, 30, -48.0) (90, 45, 33.0); HU min max -896.0 1167.0
        assertThat(ct.value(0, 0, 0)).isEqualTo(-849f);
        assertThat(ct.value(0, 64, 64)).isEqualTo(904f);
        assertThat(ct.value(0, 10, 100)).isEqualTo(203f);
        assertThat(ct.value(0, 127, 127)).isEqualTo(-115f);
        assertThat(ct.value(0, 50, 30)).isEqualTo(-48f);
        assertThat(ct.value(0, 90, 45)).isEqualTo(33f);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : ct.values()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isEqualTo(-896f);
        assertThat(max).isEqualTo(1167f);
        // no window in the file: pydicom + numpy: CT_small nearest-rank percentiles 0.5 99.5 -861.0 785.0
        assertThat(ct.normalisation()).contains("rescale 1.0 x + -1024.0", "percentile 0.5-99.5: [-861.0, 785.0]");
        assertThat(ct.image().at(0, 50, 30)).isCloseTo((-48f + 861f) / (785f + 861f), within(1e-6f));
        assertThat(ct.image().at(0, 64, 64)).isEqualTo(1f);
    }

    @Test
    void monochrome1IsInvertedAfterRescaleAndWindow() {
        DicomImage cr = DicomReader.read(file("dicomdirtests/77654033/CR1/6154"));
        // pydicom: stored (8, 8) 2515, slope 0.684, intercept 200.0, window 1600 / 2800
        double x = 2515 * 0.684 + 200;
        assertThat(cr.value(0, 8, 8)).isCloseTo((float) x, within(1e-3f));
        assertThat(cr.image().at(0, 8, 8)).isCloseTo((float) (1 - ((x - 1599.5) / 2799 + 0.5)), within(1e-5f));
        assertThat(cr.normalisation()).endsWith("inverted (MONOCHROME1)");
    }

    @Test
    void multiFrameFilesGiveTheChosenFrameAndRefuseOthers() {
        // pydicom: rtdose frame 5 at (y,x) (0, 0, 1250000) (5, 5, 977000) (9, 2, 802000)
        for (String name : List.of("rtdose.dcm", "rtdose_expb.dcm", "rtdose_rle.dcm")) {
            DicomImage dose = DicomReader.read(file(name), 5);
            assertThat(dose.frames()).isEqualTo(15);
            assertThat(dose.value(0, 0, 0)).as(name).isEqualTo(1250000f);
            assertThat(dose.value(0, 5, 5)).as(name).isEqualTo(977000f);
            assertThat(dose.value(0, 9, 2)).as(name).isEqualTo(802000f);
        }
        assertThatThrownBy(() -> DicomReader.read(file("rtdose.dcm"), 15)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rtdose.dcm").hasMessageContaining("frame 15").hasMessageContaining("0 to 14");
    }

    @Test
    void colourRleAndYbrFull422AreRgbInChannelsFirstOrder() {
        // pydicom: SC_rgb_rle_16bit_2frame frame 1 at (y,x) RGB (5, 50, [0, 65535, 65535]) (50, 5, [32639, 32639, 0])
        DicomImage rle = DicomReader.read(file("SC_rgb_rle_16bit_2frame.dcm"), 1);
        assertThat(rle.image().shape().channels()).isEqualTo(3);
        assertThat(new float[] {rle.value(0, 5, 50), rle.value(1, 5, 50), rle.value(2, 5, 50)}).containsExactly(0, 65535, 65535);
        assertThat(new float[] {rle.value(0, 50, 5), rle.value(1, 50, 5), rle.value(2, 50, 5)}).containsExactly(32639, 32639, 0);
        assertThat(rle.image().at(1, 5, 50)).isEqualTo(1f);
        // pydicom convert_color_space(YBR_FULL -> RGB): (5, 50, [254, 0, 0]) (50, 5, [125, 130, 255]) (95, 95, [255, 255, 255])
        DicomImage ybr = DicomReader.read(file("SC_ybr_full_422_uncompressed.dcm"));
        assertRgb(ybr, 5, 50, 254, 0, 0);
        assertRgb(ybr, 50, 5, 125, 130, 255);
        assertRgb(ybr, 95, 95, 255, 255, 255);
        // pydicom: ExplVR_BigEnd (8-bit RGB, planar 1, big endian) at (y,x) (0, 0, [171, 171, 171])
        //          (10, 20, [255, 255, 0]) (59, 79, [255, 232, 0])
        DicomImage planar = DicomReader.read(file("ExplVR_BigEnd.dcm"));
        assertRgb(planar, 0, 0, 171, 171, 171);
        assertRgb(planar, 10, 20, 255, 255, 0);
        assertRgb(planar, 59, 79, 255, 232, 0);
    }

    private static void assertRgb(DicomImage image, int y, int x, int r, int g, int b) {
        assertThat(image.value(0, y, x)).isCloseTo(r, within(1f));
        assertThat(image.value(1, y, x)).isCloseTo(g, within(1f));
        assertThat(image.value(2, y, x)).isCloseTo(b, within(1f));
    }

    @Test
    void deflatedAndOneBitFilesDecode() {
        // pydicom: image_dfl sum and (y,x) 33322688 (100, 100, 213) (256, 300, 65)
        DicomImage deflated = DicomReader.read(file("image_dfl.dcm"));
        double sum = 0;
        for (float v : deflated.values()) {
            sum += v;
        }
        assertThat(sum).isEqualTo(33322688.0);
        assertThat(deflated.value(0, 100, 100)).isEqualTo(213f);
        assertThat(deflated.value(0, 256, 300)).isEqualTo(65f);
        // pydicom: liver_1frame ones 36233 (1 bit allocated, little and big endian)
        for (String name : List.of("liver_1frame.dcm", "liver_expb_1frame.dcm")) {
            int ones = 0;
            for (float v : DicomReader.read(file(name)).values()) {
                ones += v == 1f ? 1 : 0;
            }
            assertThat(ones).as(name).isEqualTo(36233);
        }
    }

    @Test
    void jpegBaselineDecodesThroughImageIoCloseToTheUncompressedCopy() {
        // the same 256 x 256 picture stored uncompressed (implicit VR) and as JPEG Baseline (lossy, so close only);
        // SC_rgb_jpeg.dcm also declares explicit VR but is written in implicit VR, as pydicom tolerates
        DicomImage raw = DicomReader.read(file("SC_rgb_jpeg_dcmd.dcm"));
        // pydicom: SC_rgb_jpeg_dcmd RGB at (y,x) (10, 10, [244, 244, 244]) (128, 128, [244, 244, 244])
        assertThat(raw.value(0, 10, 10)).isEqualTo(244f);
        for (String name : List.of("SC_rgb_jpeg.dcm", "SC_jpeg_no_color_transform.dcm")) {
            DicomImage jpeg = DicomReader.read(file(name));
            assertThat(jpeg.transferSyntax()).contains("1.2.840.10008.1.2.4.50");
            double meanAbs = 0;
            for (int i = 0; i < raw.values().length; i++) {
                meanAbs += Math.abs(raw.values()[i] - jpeg.values()[i]);
            }
            assertThat(meanAbs / raw.values().length).as(name).isLessThan(2.0);
        }
    }

    @Test
    void truncatedPixelDataIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> DicomReader.read(file("MR_truncated.dcm"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("MR_truncated.dcm").hasMessageContaining("truncated")
                .hasMessageContaining("pixel data");
    }

    @Test
    void filesWithoutAnImageAreRefused() {
        assertThatThrownBy(() -> DicomReader.read(file("rtplan.dcm"))).hasMessageContaining("rtplan.dcm")
                .hasMessageContaining("no pixel data");
        assertThatThrownBy(() -> DicomReader.read(file("no_meta.dcm"))).hasMessageContaining("not a DICOM Part 10 file");
        assertThatThrownBy(() -> DicomReader.read(file("meta_missing_tsyntax.dcm")))
                .hasMessageContaining("no Transfer Syntax UID (0002,0010)");
    }
}
