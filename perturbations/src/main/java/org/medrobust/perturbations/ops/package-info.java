/**
 * Image operators shared by the corruptions, each written to reproduce the library call the reference code makes
 * (scipy.ndimage, scikit-image, OpenCV, Pillow, ImageMagick, torchvision), with that library and function named in
 * its Javadoc: borders, kernels, resampling, colour conversions, JPEG round trip. Planes are {@code double[]}
 * row-major (H, W) with values in [0, 1] unless stated (8-bit operators take and give 0..255 ints, as Pillow does).
 */
package org.medrobust.perturbations.ops;
