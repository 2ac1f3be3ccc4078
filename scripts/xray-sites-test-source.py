#!/usr/bin/env python3
"""Writes the source-site X-rays of builtin:xray_sites' test split as a MedMNIST-style .npz (keys test_images,
test_labels): the shipped PneumoniaMNIST test images i with i mod 5 == 4 (124 images), exactly the images the
`source` site of the test split holds (site.MultiSiteData.splitOf). Evaluating them beside a mitigation reference of
xray_sites' val split (i mod 5 == 3) keeps reference and evaluated images disjoint (docs/site-profiles.md,
"Test-time mitigations"). Usage: python3 scripts/xray-sites-test-source.py OUT.npz (needs numpy)."""
import sys

import numpy as np

SHIPPED = "datasets/src/main/resources/org/medrobust/datasets/builtin/pneumoniamnist.npz"

if len(sys.argv) != 2:
    sys.exit("usage: xray-sites-test-source.py OUT.npz")
z = np.load(SHIPPED)
keep = np.arange(len(z["test_images"])) % 5 == 4
np.savez(sys.argv[1], test_images=z["test_images"][keep], test_labels=z["test_labels"][keep])
print(f"{sys.argv[1]}: {int(keep.sum())} images")
