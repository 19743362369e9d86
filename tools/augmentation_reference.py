"""Reference outputs for org.medtl.core.training.Augmentation.

Keras (TF 2.8, keras.preprocessing.image.apply_affine_transform) builds the matrix
rotation . shift . shear . zoom, re-centres it and calls scipy.ndimage.affine_transform per channel
(order=1, mode='nearest'); flips come after. This script does exactly that with scipy so that the Java
implementation is checked against scipy's interpolation, not against itself.

Run: /usr/bin/python3 tools/augmentation_reference.py > core/src/test/resources/training/augmentation_reference.json
"""
import json

import numpy as np
from scipy import ndimage


def keras_matrix(theta, tx, ty, shear, zx, zy, h, w):
    theta = np.deg2rad(theta)
    m = np.array([[np.cos(theta), -np.sin(theta), 0], [np.sin(theta), np.cos(theta), 0], [0, 0, 1]])
    m = m @ np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
    s = np.deg2rad(shear)
    m = m @ np.array([[1, -np.sin(s), 0], [0, np.cos(s), 0], [0, 0, 1]])
    m = m @ np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
    o_x, o_y = h / 2 - 0.5, w / 2 - 0.5
    return np.array([[1, 0, o_x], [0, 1, o_y], [0, 0, 1]]) @ m @ np.array([[1, 0, -o_x], [0, 1, -o_y], [0, 0, 1]])


def transform(x, p):
    h, w, _ = x.shape
    m = keras_matrix(p["theta"], p["tx"], p["ty"], p["shear"], p["zx"], p["zy"], h, w)
    out = np.stack([ndimage.affine_transform(x[:, :, c], m[:2, :2], m[:2, 2], order=1, mode="nearest")
                    for c in range(x.shape[2])], axis=2)
    if p["flip"]:
        out = out[:, ::-1, :]
    return out


rng = np.random.RandomState(5)
h, w = 9, 11
image = (rng.rand(h, w, 3) * 255).astype(np.float64)
cases = [
    dict(theta=0.0, tx=0.0, ty=0.0, shear=0.0, zx=1.0, zy=1.0, flip=True),
    dict(theta=7.5, tx=0.0, ty=0.0, shear=0.0, zx=1.0, zy=1.0, flip=False),
    dict(theta=0.0, tx=0.7, ty=-1.1, shear=0.0, zx=1.0, zy=1.0, flip=False),
    dict(theta=-9.0, tx=-0.8, ty=0.9, shear=0.08, zx=0.93, zy=1.07, flip=True),
    dict(theta=3.0, tx=0.2, ty=0.3, shear=30.0, zx=1.1, zy=0.9, flip=False),
]
print(json.dumps({
    "height": h, "width": w, "channels": 3,
    "image": image.ravel().tolist(),
    "cases": [dict(c, expected=transform(image, c).ravel().tolist()) for c in cases],
}))
