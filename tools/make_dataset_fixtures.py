#!/usr/bin/python3
"""Small HDF5 fixtures in PatchCamelyon's layout, written with h5py as the real release is (gzip-compressed,
chunked): camelyonpatch_level_2_split_valid_x.h5 with dataset 'x' of shape (12, 96, 96, 3) uint8, where patch i
has value i*7 + c at every pixel of channel c, and _y.h5 with dataset 'y' of shape (12, 1, 1, 1) uint8, label i % 2.

Run with Debian's python: /usr/bin/python3 tools/make_dataset_fixtures.py
"""
import os

import h5py
import numpy as np

DST = os.path.join(os.path.dirname(__file__), "..", "core", "src", "test", "resources", "org", "medtl", "core", "dataset", "pcam")


def main():
    os.makedirs(DST, exist_ok=True)
    n = 12
    x = np.zeros((n, 96, 96, 3), dtype=np.uint8)
    for i in range(n):
        for c in range(3):
            x[i, :, :, c] = i * 7 + c
    y = (np.arange(n) % 2).astype(np.uint8).reshape(n, 1, 1, 1)
    with h5py.File(os.path.join(DST, "camelyonpatch_level_2_split_valid_x.h5"), "w") as f:
        f.create_dataset("x", data=x, compression="gzip", chunks=(1, 96, 96, 3))
    with h5py.File(os.path.join(DST, "camelyonpatch_level_2_split_valid_y.h5"), "w") as f:
        f.create_dataset("y", data=y, compression="gzip", chunks=(n, 1, 1, 1))


if __name__ == "__main__":
    main()
