/**
 * A focused DICOM image reader: Part 10 files in uncompressed, deflated, RLE, JPEG (8- and 12-bit), JPEG Lossless,
 * JPEG-LS lossless and JPEG 2000 transfer syntaxes, one frame at a time, to [0, 1] images (see docs/data.md for the support matrix and normalisation rules).
 * Entry point: {@link org.medrobust.datasets.dicom.DicomReader}.
 */
package org.medrobust.datasets.dicom;
