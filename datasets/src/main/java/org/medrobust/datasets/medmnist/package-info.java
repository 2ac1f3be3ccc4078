/**
 * MedMNIST-style .npz files (train/val/test images and labels) as data sources.
 * Entry point: {@link org.medrobust.datasets.medmnist.MedMnistLoader}.
 */
package org.medrobust.datasets.medmnist;
