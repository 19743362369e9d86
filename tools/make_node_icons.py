#!/usr/bin/env python3
"""Places each node's 16x16 icon next to its NodeFactory, where KNIME looks for it (the `icon` attribute of
<Factory>.xml is resolved relative to the factory class). The pictures are tools/make_icons.py's.

Run: python3 tools/make_node_icons.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_icons  # noqa: E402

NODES = {  # package folder under plugin/src/org/medtl/knime -> icon name in make_icons.ICONS
    "dataset": "dataset.png",
    "backbone": "backbone.png",
    "activations": "activations.png",
    "finetune": "finetuner.png",
    "cca": "cca.png",
    "agreement": "agreement.png",
}

if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent / "plugin" / "src" / "org" / "medtl" / "knime"
    for package, name in NODES.items():
        letters, rgb = make_icons.ICONS[name]
        target = root / package / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make_icons.icon(letters, rgb))
        print("wrote", target)
