/**
 * Reading numpy .npy arrays and .npz archives: the exchange format of MedMNIST files and of the golden oracles.
 * Entry point: {@link org.medrobust.datasets.npz.NpzArchive}. Numeric dtypes only; pickled objects are refused.
 */
package org.medrobust.datasets.npz;
