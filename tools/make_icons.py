#!/usr/bin/env python3
"""Writes MedTL's 16x16 node and category icons (plain PNG, no imaging library needed).

Each icon is a rounded tile in the node's colour with a two-letter mark drawn from a tiny bitmap font.
Run: python3 tools/make_icons.py plugin/icons
"""
import struct
import sys
import zlib
from pathlib import Path

FONT = {  # 3x5 glyphs, rows top to bottom, bits left to right
    "M": ["101", "111", "111", "101", "101"], "T": ["111", "010", "010", "010", "010"],
    "D": ["110", "101", "101", "101", "110"], "R": ["110", "101", "110", "101", "101"],
    "B": ["110", "101", "110", "101", "110"], "F": ["111", "100", "110", "100", "100"],
    "A": ["010", "101", "111", "101", "101"], "C": ["011", "100", "100", "100", "011"],
    "P": ["110", "101", "110", "100", "100"], "E": ["111", "100", "110", "100", "111"],
    "X": ["101", "101", "010", "101", "101"], "G": ["011", "100", "101", "101", "011"],
    "L": ["100", "100", "100", "100", "111"],
}

ICONS = {  # file name -> (letters, RGB)
    "medtl.png": ("MT", (40, 90, 160)),
    "dataset.png": ("DR", (46, 139, 87)),
    "backbone.png": ("PB", (150, 80, 160)),
    "finetuner.png": ("FT", (200, 90, 40)),
    "activations.png": ("AX", (120, 110, 40)),
    "cca.png": ("CC", (30, 130, 150)),
    "agreement.png": ("PA", (170, 50, 80)),
}


def png(pixels, size=16):
    raw = b"".join(b"\x00" + bytes(sum((list(p) for p in row), [])) for row in pixels)

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def icon(letters, rgb):
    px = [[(0, 0, 0, 0)] * 16 for _ in range(16)]
    for y in range(16):
        for x in range(16):
            corner = (x in (0, 15)) and (y in (0, 15))
            if not corner:
                px[y][x] = (*rgb, 255)
    for i, ch in enumerate(letters):
        x0, y0 = 3 + i * 6, 5
        for gy, row in enumerate(FONT[ch]):
            for gx, bit in enumerate(row):
                if bit == "1":
                    # Each glyph column is drawn 1 px wide, with a gap between letters for legibility at 16 px.
                    px[y0 + gy][x0 + gx] = (255, 255, 255, 255)
    return png(px)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "plugin/icons")
    out.mkdir(parents=True, exist_ok=True)
    for name, (letters, rgb) in ICONS.items():
        (out / name).write_bytes(icon(letters, rgb))
        print("wrote", out / name)
