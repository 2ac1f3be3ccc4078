package org.medrobust.datasets.dicom;

import org.medrobust.datasets.Image;

/**
 * One decoded frame of a DICOM file.
 *
 * @param file           the file's name, as errors and results name it
 * @param transferSyntax the transfer syntax's name and UID
 * @param photometric    the photometric interpretation of the file (colour frames are returned as RGB whatever it is)
 * @param frames         number of frames in the file
 * @param frame          which frame this is (0-based)
 * @param values         gray: the modality values (stored x rescale slope + rescale intercept, e.g. Hounsfield units),
 *                       row-major; colour: the R, G, B planes of stored values
 * @param image          the frame as the suite's image: (1 or 3, rows, columns) in [0, 1]
 * @param normalisation  how values became [0, 1], e.g. "window centre 40.0 width 400.0: [-160.5, 238.5] -> [0, 1]"
 */
public record DicomImage(String file, String transferSyntax, String photometric, int frames, int frame, float[] values,
                         Image image, String normalisation) {

    public int rows() {
        return image.shape().height();
    }

    public int columns() {
        return image.shape().width();
    }

    /** The modality value (gray) or stored sample (colour, channel c) at row y, column x. */
    public float value(int c, int y, int x) {
        return values[(c * rows() + y) * columns() + x];
    }
}
