#!/usr/bin/python3
"""Reference resizes for the image pipeline's interpolations, made once with PIL and PyTorch.

Writes core/src/test/resources/org/medtl/core/dataset/resize/reference.npz with:
  src        (7, 9) float32 random image on 0-255 (seed 0)
  nearest_HxW  PIL Image.resize((W, H), Image.NEAREST) of src as mode 'F' (Keras load_img's convention)
  bilinear_HxW torch.nn.functional.interpolate(mode='bilinear', align_corners=False, antialias=False)
for (H, W) in (4, 5), (13, 11), (3, 9).

Run with Debian's python: /usr/bin/python3 tools/make_resize_fixtures.py
"""
import os

import numpy as np
import torch
from PIL import Image

DST = os.path.join(os.path.dirname(__file__), "..", "core", "src", "test", "resources", "org", "medtl", "core", "dataset", "resize")


def main():
    os.makedirs(DST, exist_ok=True)
    rng = np.random.default_rng(0)
    src = (rng.random((7, 9)) * 255).astype(np.float32)
    out = {"src": src}
    for h, w in [(4, 5), (13, 11), (3, 9)]:
        out[f"nearest_{h}x{w}"] = np.asarray(Image.fromarray(src, mode="F").resize((w, h), Image.NEAREST), dtype=np.float32)
        t = torch.from_numpy(src)[None, None]
        out[f"bilinear_{h}x{w}"] = torch.nn.functional.interpolate(t, size=(h, w), mode="bilinear", align_corners=False,
                                                                  antialias=False)[0, 0].numpy().astype(np.float32)
    np.savez(os.path.join(DST, "reference.npz"), **out)


if __name__ == "__main__":
    main()
