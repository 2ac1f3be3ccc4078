package org.medrobust.datasets.manifest;

import org.medrobust.datasets.Split;

/**
 * One data row of a manifest.
 *
 * @param line    the 1-based line of the CSV file it starts on
 * @param path    the image path as written
 * @param label   the label as written (a class name or index)
 * @param site    the acquisition site, or null
 * @param patient the patient, or null
 * @param split   the split it belongs to (test when the manifest has no split column)
 * @param frame   the DICOM frame or TIFF page to read (0 when the manifest has no frame column)
 * @param sourceImage the id of the underlying image this row renders at its site, or null
 */
record ManifestRow(int line, String path, String label, String site, String patient, Split split, int frame,
                   String sourceImage) {

    /** "manifest.csv row 7 (images/a.png)", as errors name the row (row = line of the CSV file). */
    String where(String manifest) {
        return manifest + " line " + line + " (" + path + ")";
    }
}
