#!/usr/bin/python3
"""A miniature PatchCamelyon training split for the headless run of the revisiting study
(core/src/test/java/org/medtl/core/study/RevisitingStudyHeadlessTest.java): the release's file names, dataset
names, shapes, dtype and compression (gzip, chunked, as h5py wrote the real files), 48 patches instead of 262,144.

x: (48, 96, 96, 3) uint8. Each patch is an 8 x 8 grid of 12 x 12 px cells with seeded random colours (so the
file compresses well); tumour patches (y = 1) carry a brighter, redder 4 x 4-cell centre, which gives the
networks something to learn. y: (48, 1, 1, 1) uint8, alternating 0, 1 shuffled with seed 7.

Run with Debian's python: /usr/bin/python3 tools/make_pcam_miniature.py
"""
import os

import h5py
import numpy as np

DST = os.path.join(os.path.dirname(__file__), "..", "core", "src", "test", "resources", "org", "medtl", "core", "study",
                   "pcam-miniature")


def main():
    os.makedirs(DST, exist_ok=True)
    n = 48
    rng = np.random.RandomState(7)
    y = (np.arange(n) % 2).astype(np.uint8)
    rng.shuffle(y)
    x = np.zeros((n, 96, 96, 3), dtype=np.uint8)
    for i in range(n):
        cells = rng.randint(60, 200, size=(8, 8, 3)).astype(np.int32)
        if y[i] == 1:
            cells[2:6, 2:6, 0] = np.minimum(cells[2:6, 2:6, 0] + 50, 255)
            cells[2:6, 2:6, 1:] = cells[2:6, 2:6, 1:] // 2
        x[i] = np.repeat(np.repeat(cells, 12, axis=0), 12, axis=1).astype(np.uint8)
    with h5py.File(os.path.join(DST, "camelyonpatch_level_2_split_train_x.h5"), "w") as f:
        f.create_dataset("x", data=x, compression="gzip", chunks=(1, 96, 96, 3))
    with h5py.File(os.path.join(DST, "camelyonpatch_level_2_split_train_y.h5"), "w") as f:
        f.create_dataset("y", data=y.reshape(n, 1, 1, 1), compression="gzip", chunks=(n, 1, 1, 1))


if __name__ == "__main__":
    main()
