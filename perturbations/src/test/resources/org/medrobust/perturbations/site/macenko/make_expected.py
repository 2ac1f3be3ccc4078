"""Expected output of Macenko normalisation from the reference implementation torchstain (numpy backend).

torchstain 1.3.0, github.com/EIDOSLAB/torchstain at commit c94179d (MIT licence), adapted from schaugf/HEnorm_python:
file torchstain/numpy/normalizers/macenko.py. Run with python3 + numpy (2.4.6 here), torchstain's source tree on
PYTHONPATH (only its numpy normaliser and the base class are imported, no torch):

    PYTHONPATH=/path/to/torchstain python3 make_expected.py

Writes, next to this script:
  input.txt     the fixed 24x24 RGB test slide, uint8, one pixel per line "r g b" (row-major)
  expected.txt  'HE' (3 rows of 2: the stain vectors as columns), 'maxC' (2 values), then 'Inorm': the normalised
                slide from NumpyMacenkoNormalizer.normalize (uint8, one pixel per line)
The slide: a deterministic mixture of two stains (HE columns below) with smoothly varying concentrations, a
background corner and Gaussian noise on the optical density, seed 2009.
"""
import importlib.util
import os
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
# load the numpy normaliser without importing torchstain/__init__ (which would import every backend)
root = next(p for p in sys.path if os.path.isdir(os.path.join(p, "torchstain")))
sys.modules["torchstain"] = type(sys)("torchstain")
sys.modules["torchstain"].__path__ = [os.path.join(root, "torchstain")]
from torchstain.numpy.normalizers.macenko import NumpyMacenkoNormalizer  # noqa: E402

rng = np.random.default_rng(2009)
size = 24
he = np.array([[0.65, 0.07], [0.70, 0.99], [0.29, 0.11]])
he = he / np.linalg.norm(he, axis=0)
yy, xx = np.mgrid[0:size, 0:size] / (size - 1)
c_h = 1.6 * np.clip(np.sin(3 * xx + 1) * np.cos(2 * yy), 0, None) + 0.05
c_e = 0.9 * (0.3 + 0.7 * yy * (1 - xx))
c = np.stack([c_h.ravel(), c_e.ravel()])
od = he.dot(c) + rng.normal(0, 0.02, (3, size * size))
od[:, (yy.ravel() < 0.2) & (xx.ravel() < 0.2)] = 0.02  # background corner
slide = np.clip(np.round(240 * np.exp(-od)), 0, 255).astype(np.uint8).T.reshape(size, size, 3)

normalizer = NumpyMacenkoNormalizer()
HE, _, maxC = normalizer._NumpyMacenkoNormalizer__compute_matrices(slide.reshape(-1, 3), 240, 1, 0.15)
inorm, _, _ = normalizer.normalize(slide, Io=240, alpha=1, beta=0.15, stains=False)

with open(os.path.join(here, "input.txt"), "w") as f:
    f.write("# 24x24 RGB slide, uint8, row-major, one pixel per line (made by make_expected.py)\n")
    for p in slide.reshape(-1, 3):
        f.write("%d %d %d\n" % tuple(p))
with open(os.path.join(here, "expected.txt"), "w") as f:
    f.write("# torchstain 1.3.0 (c94179d) NumpyMacenkoNormalizer, Io=240 alpha=1 beta=0.15 (made by make_expected.py)\n")
    f.write("HE\n")
    for row in HE:
        f.write("%.17g %.17g\n" % tuple(row))
    f.write("maxC\n%.17g %.17g\n" % tuple(maxC))
    f.write("Inorm\n")
    for p in inorm.reshape(-1, 3):
        f.write("%d %d %d\n" % tuple(p))
print("HE", HE.T, "maxC", maxC)
