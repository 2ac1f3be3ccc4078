/**
 * A focused DICOM image reader: Part 10 files in uncompressed, deflated, RLE and 8-bit JPEG transfer syntaxes, one
 * frame at a time, to [0, 1] images (see docs/data.md for the support matrix and normalisation rules).
 * Entry point: {@link org.medrobust.datasets.dicom.DicomReader}.
 */
package org.medrobust.datasets.dicom;
