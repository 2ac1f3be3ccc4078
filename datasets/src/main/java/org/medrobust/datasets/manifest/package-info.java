/**
 * Image folders described by a CSV manifest (path,label[,site][,patient][,split][,frame]): PNG, JPEG, TIFF, BMP and
 * DICOM images as data sources. Entry point: {@link org.medrobust.datasets.manifest.ManifestLoader}; the rules are
 * in docs/data.md.
 */
package org.medrobust.datasets.manifest;
