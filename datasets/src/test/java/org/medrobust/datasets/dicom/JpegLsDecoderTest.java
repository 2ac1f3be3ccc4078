package org.medrobust.datasets.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The JPEG-LS decoder on the corpus's codestream, edited to reach paths the file alone does not. */
class JpegLsDecoderTest {

    /** MR_small_jpeg_ls_lossless.dcm's codestream: SOI, SOF55, LSE (MAXVAL 65535, T1 18, T2 67, T3 276, RESET 64), SOS... */
    private static byte[] codestream() throws IOException {
        byte[] file = Files.readAllBytes(DicomReaderTest.file("MR_small_jpeg_ls_lossless.dcm"));
        for (int i = 0; i + 3 < file.length; i++) {
            if (file[i] == (byte) 0xFF && file[i + 1] == (byte) 0xD8 && file[i + 2] == (byte) 0xFF
                    && file[i + 3] == (byte) 0xF7) {
                return Arrays.copyOfRange(file, i, file.length);
            }
        }
        throw new IllegalStateException("no JPEG-LS stream in the file");
    }

    private static int markerAt(byte[] stream, int marker) {
        for (int i = 0; i + 1 < stream.length; i++) {
            if (stream[i] == (byte) 0xFF && (stream[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        throw new IllegalStateException("no marker FF " + Integer.toHexString(marker));
    }

    private static int[] samples(Raster raster) {
        return raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), 0, (int[]) null);
    }

    @Test
    void theDefaultParametersOfT87C2411AreTheOnesTheFileStatesExplicitly() throws IOException {
        // the file's LSE segment spells out the defaults for 16 bits (FACTOR 16: T1 18, T2 67, T3 276; RESET 64):
        // without it the decoder must compute them itself and decode the same 4,096 samples
        byte[] stream = codestream();
        int lse = markerAt(stream, 0xF8);
        int length = (stream[lse + 2] & 0xFF) << 8 | stream[lse + 3] & 0xFF;
        ByteArrayOutputStream without = new ByteArrayOutputStream();
        without.write(stream, 0, lse);
        without.write(stream, lse + 2 + length, stream.length - lse - 2 - length);
        int[] expected = samples(JpegLsDecoder.decode(stream));
        assertThat(samples(JpegLsDecoder.decode(without.toByteArray()))).isEqualTo(expected);
        assertThat(expected[0]).isEqualTo(905); // MR_small (0, 0)
    }

    @Test
    void nearLosslessScansAndInterleavingAreRefusedInOneLine() throws IOException {
        byte[] stream = codestream();
        int sos = markerAt(stream, 0xDA);
        byte[] near = stream.clone();
        near[sos + 7] = 2; // SOS: FF DA, length (2), Ns, Cs, Tm, NEAR
        assertThatThrownBy(() -> JpegLsDecoder.decode(near)).isInstanceOf(Malformed.class)
                .hasMessageContaining("near-lossless scan (NEAR = 2)");
        byte[] interleaved = stream.clone();
        interleaved[sos + 8] = 1; // ILV
        assertThatThrownBy(() -> JpegLsDecoder.decode(interleaved)).isInstanceOf(Malformed.class)
                .hasMessageContaining("interleave mode 1");
    }
}
