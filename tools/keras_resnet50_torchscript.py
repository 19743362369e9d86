"""Writes Keras ResNet50 v1 (the study's layout: stride on the first 1x1 conv of a downsampling unit and on
its shortcut, a bias on every conv, BatchNorm eps 1.001e-5) plus the study's head as a scripted TorchScript
module, for `./medtl bench-training --torchscript FILE`: the same network trained through DJL as a
TorchScript module, next to MedTL's own DJL network. Random weights (seeded); only speed is compared.

Run: /usr/bin/python3 tools/keras_resnet50_torchscript.py OUT.pt [classes]
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


class Unit(nn.Module):
    def __init__(self, cin: int, width: int, stride: int, shortcut: bool):
        super().__init__()
        out = 4 * width
        self.c1 = nn.Conv2d(cin, width, 1, stride=stride, bias=True)
        self.b1 = nn.BatchNorm2d(width, eps=1.001e-5, momentum=0.01)
        self.c2 = nn.Conv2d(width, width, 3, padding=1, bias=True)
        self.b2 = nn.BatchNorm2d(width, eps=1.001e-5, momentum=0.01)
        self.c3 = nn.Conv2d(width, out, 1, bias=True)
        self.b3 = nn.BatchNorm2d(out, eps=1.001e-5, momentum=0.01)
        self.has_shortcut = shortcut
        self.sc = nn.Conv2d(cin, out, 1, stride=stride, bias=True) if shortcut else nn.Identity()
        self.sb = nn.BatchNorm2d(out, eps=1.001e-5, momentum=0.01) if shortcut else nn.Identity()

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = F.relu(self.b2(self.c2(y)))
        y = self.b3(self.c3(y))
        s = self.sb(self.sc(x)) if self.has_shortcut else x
        return F.relu(y + s)


class KerasResNet50(nn.Module):
    def __init__(self, classes: int):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, bias=True)
        self.bn1 = nn.BatchNorm2d(64, eps=1.001e-5, momentum=0.01)
        units = []
        cin = 64
        for stage, (blocks, width) in enumerate(zip([3, 4, 6, 3], [64, 128, 256, 512])):
            for b in range(blocks):
                stride = 2 if (b == 0 and stage > 0) else 1
                units.append(Unit(cin, width, stride, b == 0))
                cin = 4 * width
        self.units = nn.Sequential(*units)
        self.dropout = nn.Dropout(0.5)
        self.head = nn.Linear(2048, classes)

    def forward(self, x):
        x = F.pad(x, [3, 3, 3, 3])
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.pad(x, [1, 1, 1, 1])
        x = F.max_pool2d(x, 3, 2)
        x = self.units(x)
        x = x.mean(dim=[2, 3])
        return self.head(self.dropout(x))


if __name__ == "__main__":
    torch.manual_seed(0)
    classes = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    torch.jit.script(KerasResNet50(classes)).save(sys.argv[1])
