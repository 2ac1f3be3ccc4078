#!/usr/bin/python3
"""Independent expected values for DicomReaderTest, from Debian's python3-pydicom (2.3.1) and python3-numpy.

Run once by hand (apt-get install -y python3-pydicom python3-numpy), never at test time:
    /usr/bin/python3 pydicom_oracle.py ../../../../../shared/data/dicom/test_files
The printed constants are pasted into DicomReaderTest.
"""
import sys

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut, convert_color_space

root = sys.argv[1]


def show(name, values):
    print(name, " ".join(repr(v) for v in values))


ct = pydicom.dcmread(f"{root}/CT_small.dcm")
hu = apply_modality_lut(ct.pixel_array, ct)
points = [(0, 0), (64, 64), (10, 100), (127, 127), (50, 30), (90, 45)]
show("CT_small rescale", [float(ct.RescaleSlope), float(ct.RescaleIntercept)])
show("CT_small HU at (y,x)", [(y, x, float(hu[y, x])) for y, x in points])
show("CT_small HU min max", [float(hu.min()), float(hu.max())])
ranked = np.sort(hu.ravel())
show("CT_small nearest-rank percentiles 0.5 99.5", [float(ranked[int(np.ceil(q / 100 * ranked.size)) - 1]) for q in (0.5, 99.5)])

mr = pydicom.dcmread(f"{root}/MR_small.dcm")
show("MR_small stored at (y,x)", [(y, x, int(mr.pixel_array[y, x])) for y, x in [(0, 0), (32, 32), (20, 40), (63, 1)]])
show("MR_small window", [mr.WindowCenter, mr.WindowWidth])

dose = pydicom.dcmread(f"{root}/rtdose.dcm")
show("rtdose frame 5 at (y,x)", [(y, x, int(dose.pixel_array[5, y, x])) for y, x in [(0, 0), (5, 5), (9, 2)]])

rgb16 = pydicom.dcmread(f"{root}/SC_rgb_rle_16bit_2frame.dcm")
show("SC_rgb_rle_16bit_2frame frame 1 at (y,x) RGB", [(y, x, [int(v) for v in rgb16.pixel_array[1, y, x]])
                                                      for y, x in [(5, 50), (50, 5), (95, 95)]])

ybr = pydicom.dcmread(f"{root}/SC_ybr_full_422_uncompressed.dcm")
rgb = convert_color_space(ybr.pixel_array, "YBR_FULL", "RGB")
show("SC_ybr_full_422_uncompressed as RGB at (y,x)", [(y, x, [int(v) for v in rgb[y, x]])
                                                     for y, x in [(5, 50), (50, 5), (95, 95)]])

seg = pydicom.dcmread(f"{root}/liver_1frame.dcm")
show("liver_1frame ones", [int(np.count_nonzero(seg.pixel_array))])

dfl = pydicom.dcmread(f"{root}/image_dfl.dcm")
show("image_dfl sum and (y,x)", [int(dfl.pixel_array.astype(np.int64).sum())] + [(y, x, int(dfl.pixel_array[y, x]))
                                                                                   for y, x in [(100, 100), (256, 300)]])

cr = pydicom.dcmread(f"{root}/dicomdirtests/77654033/CR1/6154")
show("CR1/6154 stored (y,x), slope, intercept, window", [(8, 8, int(cr.pixel_array[8, 8])), float(cr.RescaleSlope),
                                                        float(cr.RescaleIntercept), cr.WindowCenter, cr.WindowWidth])

raw = pydicom.dcmread(f"{root}/SC_rgb_jpeg_dcmd.dcm").pixel_array.astype(np.int64)
show("SC_rgb_jpeg_dcmd RGB at (y,x)", [(y, x, [int(v) for v in raw[y, x]]) for y, x in [(10, 10), (128, 128)]])

be = pydicom.dcmread(f"{root}/ExplVR_BigEnd.dcm")
show("ExplVR_BigEnd (8-bit RGB, planar 1, big endian) at (y,x)", [(y, x, be.pixel_array[y, x].tolist())
                                                                 for y, x in [(0, 0), (10, 20), (59, 79)]])
