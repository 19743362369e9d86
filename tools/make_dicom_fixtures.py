#!/usr/bin/python3
"""Copies a few of pydicom's DICOM test files (MIT licence, Debian python3-pydicom; the images come from
NEMA WG04 sample sets and David Clunie's public samples, see pydicom's test_files/README.txt) into the core
test resources, with pydicom's decoding of their stored values as the reference the Java reader is tested
against.

Run with Debian's python: /usr/bin/python3 tools/make_dicom_fixtures.py
Writes core/src/test/resources/org/medtl/core/dataset/dicom/{*.dcm, reference.npz, reference.csv}.
reference.npz: per file (key = file name without .dcm) an integer array (frames, rows, columns, samples) of stored values (pydicom pixel_array; YBR JPEG
frames converted to RGB with pydicom's convert_color_space, as Java's JPEG reader does).
"""
import csv
import os
import shutil

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import convert_color_space

SRC = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")
DST = os.path.join(os.path.dirname(__file__), "..", "core", "src", "test", "resources", "org", "medtl", "core", "dataset", "dicom")

DECODABLE = [
    "CT_small.dcm",               # explicit VR LE, signed 16-bit, rescale -1024
    "MR_small.dcm",               # explicit VR LE, signed 16-bit, window 600/1600
    "MR_small_implicit.dcm",      # implicit VR LE
    "MR_small_bigendian.dcm",     # explicit VR BE
    "MR_small_RLE.dcm",           # RLE lossless 16-bit
    "image_dfl.dcm",              # deflated explicit VR LE, 8-bit 512x512
    "ExplVR_BigEnd.dcm",          # explicit VR BE, RGB planar configuration 1
    "SC_rgb_rle_16bit_2frame.dcm",  # RLE, RGB 16-bit, 2 frames
    "SC_rgb_small_odd.dcm",       # odd 3x3 RGB
    "SC_rgb_jpeg_dcmtk.dcm",      # JPEG baseline, YBR_FULL
    "rtdose.dcm",                 # implicit VR LE, 32-bit, 15 frames
    "SC_rgb_rle.dcm",             # RLE, RGB 8-bit: also the reference for SC_rgb_jpeg_gdcm.dcm
]
# Decodable here but not by Debian's pydicom (no lossless JPEG handler): compared with the file named after it,
# which holds the same image.
SAME_IMAGE = [
    "SC_rgb_jpeg_gdcm.dcm",       # JPEG lossless SV1 (1.2.840.10008.1.2.4.70), RGB: same pixels as SC_rgb_rle.dcm
]
REJECTED = [
    "test-SR.dcm",                # structured report: no pixel data
    "MR_truncated.dcm",           # pixel data shorter than the header says
    "MR_small_jp2klossless.dcm",  # JPEG 2000: no codec here
    "SC_ybr_full_422_uncompressed.dcm",  # native YBR_FULL_422 not supported
    "JPGExtended.dcm",            # JPEG extended with 12-bit precision: no Java codec
]


def main():
    os.makedirs(DST, exist_ok=True)
    rows = []
    arrays = {}
    for name in DECODABLE + SAME_IMAGE + REJECTED:
        shutil.copyfile(os.path.join(SRC, name), os.path.join(DST, name))
    for name in DECODABLE:
        d = pydicom.dcmread(os.path.join(SRC, name))
        a = d.pixel_array
        frames = int(d.get("NumberOfFrames", 1) or 1)
        spp = int(d.SamplesPerPixel)
        ts = str(d.file_meta.TransferSyntaxUID)
        photometric = str(d.PhotometricInterpretation)
        if spp == 3 and photometric.startswith("YBR") and ts.startswith("1.2.840.10008.1.2.4"):
            a = convert_color_space(a, photometric, "RGB")
        a = a.reshape(frames, int(d.Rows), int(d.Columns), spp).astype(np.int64)
        # The smallest type holding the values keeps the fixture small (uint32 above 2^31 does not occur).
        assert a.max() < 2 ** 31
        for t in (np.uint8, np.int16, np.uint16, np.int32):
            if np.iinfo(t).min <= a.min() and a.max() <= np.iinfo(t).max:
                break
        arrays[name[:-4]] = a.astype(t)
        rows.append({
            "file": name, "transfer_syntax": ts, "rows": int(d.Rows), "columns": int(d.Columns), "frames": frames,
            "samples_per_pixel": spp, "photometric": photometric, "bits_allocated": int(d.BitsAllocated),
            "bits_stored": int(d.BitsStored), "pixel_representation": int(d.PixelRepresentation),
            "rescale_slope": float(d.get("RescaleSlope", 1) or 1), "rescale_intercept": float(d.get("RescaleIntercept", 0) or 0),
            "window_center": float(d.WindowCenter) if "WindowCenter" in d else "",
            "window_width": float(d.WindowWidth) if "WindowWidth" in d else "",
            "lossy": int(ts == "1.2.840.10008.1.2.4.50"),
        })
    np.savez_compressed(os.path.join(DST, "reference.npz"), **arrays)
    with open(os.path.join(DST, "reference.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(DST, "NOTICE.txt"), "w") as f:
        f.write("The .dcm files here are copied unchanged from pydicom's test files (pydicom/data/test_files,\n"
                "Debian package python3-pydicom 2.3.1), distributed under the MIT licence (Copyright 2008-2018\n"
                "Darcy Mason and pydicom contributors). Their images come from the NEMA WG04 sample data sets and\n"
                "David Clunie's public sample images, downsized and anonymised by pydicom's authors (see pydicom's\n"
                "test_files/README.txt). reference.npz and reference.csv were made by tools/make_dicom_fixtures.py.\n")


if __name__ == "__main__":
    main()
