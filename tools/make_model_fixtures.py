#!/usr/bin/python3
"""Reference fixtures for MedTL's model fidelity tests (issue 4), made ONCE with Debian's PyTorch.

Writes seeded random weights in the real file layouts and the activations PyTorch computes from them:
  keras_tiny_weights.h5  Keras weights-only layout (model.save_weights): root attr layer_names,
                         <layer>/<layer>/kernel:0, attr weight_names; kernels HWIO.
  keras_tiny_model.h5    Keras full model layout (model.save): the same under model_weights/, plus
                         model_config and an ImageNet-style 'predictions' top that a backbone must skip.
  tv_tiny_bottleneck.pth torchvision state_dict (torch.save zip format) of a ResNet built from
                         torchvision's own Bottleneck and ResNet._make_layer with small widths.
  tv_tiny_basic.pth      the same with torchvision's BasicBlock (ResNet-18 layout).
  input.npy              the (N,3,H,W) float32 batch; <net>__<layer>.npy reference outputs (N,C,h,w).
Small widths keep the fixtures tiny; '--full OUT' writes full-size ResNet-50 files for the heavy tests.

The Keras-layout network is a torch module that mirrors keras.applications.ResNet50 literally:
ZeroPadding2D(3) + 7x7/2 'valid' conv, BN(eps=1.001e-5), ReLU, ZeroPadding2D(1) + 3x3/2 max-pool,
stride 2 on the first 1x1 conv of a downsampling block and on its 1x1 shortcut, a bias on every conv.
"""
import argparse
import json
import os

import h5py
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet

SEED = 20231


class KerasBlock(nn.Module):
    def __init__(self, name, cin, width, stride, shortcut):
        super().__init__()
        self.name = name
        out = 4 * width
        self.shortcut = shortcut
        if shortcut:
            self.c0 = nn.Conv2d(cin, out, 1, stride, bias=True)
            self.b0 = nn.BatchNorm2d(out, eps=1.001e-5)
        else:  # identity shortcut; modules rather than a branch so that torch.jit.script compiles it
            self.c0 = nn.Identity()
            self.b0 = nn.Identity()
        self.c1 = nn.Conv2d(cin, width, 1, stride, bias=True)
        self.b1 = nn.BatchNorm2d(width, eps=1.001e-5)
        self.c2 = nn.Conv2d(width, width, 3, 1, padding=1, bias=True)  # Keras 'same' at stride 1
        self.b2 = nn.BatchNorm2d(width, eps=1.001e-5)
        self.c3 = nn.Conv2d(width, out, 1, 1, bias=True)
        self.b3 = nn.BatchNorm2d(out, eps=1.001e-5)

    def forward(self, x):
        s = self.b0(self.c0(x))
        y = F.relu(self.b1(self.c1(x)))
        y = F.relu(self.b2(self.c2(y)))
        y = self.b3(self.c3(y))
        return F.relu(y + s)

    def keras_layers(self):
        layers = []
        if self.shortcut:
            layers += [(self.name + "_0_conv", self.c0), (self.name + "_0_bn", self.b0)]
        for i, (c, b) in enumerate([(self.c1, self.b1), (self.c2, self.b2), (self.c3, self.b3)], 1):
            layers += [(f"{self.name}_{i}_conv", c), (f"{self.name}_{i}_bn", b)]
        return layers


class KerasResNet(nn.Module):
    def __init__(self, blocks, widths, stem):
        super().__init__()
        self.conv1 = nn.Conv2d(3, stem, 7, 2, bias=True)
        self.bn1 = nn.BatchNorm2d(stem, eps=1.001e-5)
        units = []
        cin = stem
        for s, (n, w) in enumerate(zip(blocks, widths)):
            for b in range(n):
                stride = 2 if (b == 0 and s > 0) else 1
                units.append(KerasBlock(f"conv{s + 2}_block{b + 1}", cin, w, stride, b == 0))
                cin = 4 * w
        self.units = nn.ModuleList(units)

    def forward(self, x):
        out = {}
        x = F.pad(x, (3, 3, 3, 3))
        x = F.relu(self.bn1(self.conv1(x)))
        out["conv1_relu"] = x
        x = F.max_pool2d(F.pad(x, (1, 1, 1, 1)), 3, 2)  # zero padding, as Keras
        out["pool1_pool"] = x
        for u in self.units:
            x = u(x)
            out[u.name + "_out"] = x
        return out

    def keras_layers(self):
        layers = [("conv1_conv", self.conv1), ("conv1_bn", self.bn1)]
        for u in self.units:
            layers += u.keras_layers()
        return layers


class SmallTorchvisionResNet(ResNet):
    """torchvision's ResNet with the widths made small; blocks and _make_layer are torchvision's own."""

    def __init__(self, block, layers, widths, stem):
        nn.Module.__init__(self)
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = stem
        self.dilation = 1
        self.groups = 1
        self.base_width = 64
        self.conv1 = nn.Conv2d(3, stem, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(stem)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, widths[0], layers[0])
        self.layer2 = self._make_layer(block, widths[1], layers[1], stride=2)
        self.layer3 = self._make_layer(block, widths[2], layers[2], stride=2)
        self.layer4 = self._make_layer(block, widths[3], layers[3], stride=2)


def tv_layers(net, x):
    out = {}
    x = net.relu(net.bn1(net.conv1(x)))
    out["relu"] = x
    x = net.maxpool(x)
    out["maxpool"] = x
    for i in range(1, 5):
        layer = getattr(net, f"layer{i}")
        for j, blk in enumerate(layer):
            x = blk(x)
            out[f"layer{i}.{j}"] = x
        out[f"layer{i}"] = x
    return out


def randomise(net, g):
    """Seeded random weights; BN statistics and affine parameters random too, so that BN is exercised."""
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.Conv2d):
                fan_in = m.in_channels * m.kernel_size[0] * m.kernel_size[1]
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) * (2.0 / fan_in) ** 0.5)
                if m.bias is not None:
                    m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
            elif isinstance(m, nn.BatchNorm2d):
                c = m.num_features
                m.weight.copy_(0.5 + torch.rand(c, generator=g))
                m.bias.copy_(torch.randn(c, generator=g) * 0.1)
                m.running_mean.copy_(torch.randn(c, generator=g) * 0.1)
                m.running_var.copy_(0.5 + torch.rand(c, generator=g))
            elif isinstance(m, nn.Linear):
                m.weight.copy_(torch.randn(m.weight.shape, generator=g) * 0.01)
                m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.01)


def keras_weights(layer_module, is_bn):
    if is_bn:
        return [("gamma:0", layer_module.weight), ("beta:0", layer_module.bias),
                ("moving_mean:0", layer_module.running_mean), ("moving_variance:0", layer_module.running_var)]
    hwio = layer_module.weight.detach().permute(2, 3, 1, 0)  # OIHW -> Keras HWIO
    return [("kernel:0", hwio), ("bias:0", layer_module.bias)]


def write_keras_group(group, net, top=None):
    """Keras' HDF5 layout: every layer listed (weightless ones with empty weight_names)."""
    names = ["input_1", "conv1_pad"]
    weighted = dict(net.keras_layers())
    order = []
    for name, _ in net.keras_layers():
        order.append(name)
        if name == "conv1_bn":
            order += ["conv1_relu", "pool1_pad", "pool1_pool"]
        if name.endswith("_3_bn"):
            order += [name[:-len("_3_bn")] + "_add", name[:-len("_3_bn")] + "_out"]
    names += order
    if top is not None:
        names += ["avg_pool", "predictions"]
    group.attrs["layer_names"] = np.array([n.encode() for n in names])
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = b"2.2.4"
    for n in names:
        g = group.create_group(n)
        if n in weighted:
            ws = keras_weights(weighted[n], n.endswith("_bn"))
        elif n == "predictions":
            ws = [("kernel:0", top.weight.detach().t()), ("bias:0", top.bias)]
        else:
            ws = []
        g.attrs["weight_names"] = np.array([f"{n}/{w}".encode() for w, _ in ws], dtype="S" + str(max([8] + [len(n) + 20])))
        for w, t in ws:
            g.create_dataset(f"{n}/{w}", data=t.detach().numpy().astype(np.float32))


class Evil:
    def __reduce__(self):
        return (os.system, ("echo this pickle ran code",))


def save_npy(folder, name, t):
    np.save(os.path.join(folder, name + ".npy"), t.detach().numpy().astype(np.float32))


def make_small(out):
    g = torch.Generator().manual_seed(SEED)
    x = torch.randn((2, 3, 45, 51), generator=g)
    save_npy(out, "input", x)
    spec = {}

    keras = KerasResNet([1, 2, 1, 1], [4, 8, 8, 16], 8).eval()
    randomise(keras, g)
    top = nn.Linear(64, 5)
    randomise(top, g)
    with h5py.File(os.path.join(out, "keras_tiny_weights.h5"), "w") as f:
        write_keras_group(f, keras)
    with h5py.File(os.path.join(out, "keras_tiny_model.h5"), "w") as f:
        f.attrs["keras_version"] = b"2.2.4"
        f.attrs["backend"] = b"tensorflow"
        f.attrs["model_config"] = json.dumps({"class_name": "Model", "config": {"name": "resnet50"}}).encode()
        write_keras_group(f.create_group("model_weights"), keras, top)
    with h5py.File(os.path.join(out, "keras_tiny_nested.h5"), "w") as f:
        # the backbone as one layer ("resnet50") of a wrapper model, as Keras saves Model(inputs, ResNet50(...)(inputs))
        f.attrs["keras_version"] = b"2.4.0"
        f.attrs["backend"] = b"tensorflow"
        mw = f.create_group("model_weights")
        mw.attrs["layer_names"] = np.array([b"input_2", b"resnet50"])
        mw.create_group("input_2").attrs["weight_names"] = np.array([], dtype="S8")
        r = mw.create_group("resnet50")
        names = []
        for n, mod in keras.keras_layers():
            for w, t in keras_weights(mod, n.endswith("_bn")):
                names.append(f"{n}/{w}".encode())
                r.create_dataset(f"{n}/{w}", data=t.detach().numpy().astype(np.float32))
        r.attrs["weight_names"] = np.array(names)
    with torch.no_grad():
        for k, v in keras(x).items():
            save_npy(out, "keras_tiny__" + k, v)
    spec["keras_tiny"] = {"layout": "keras", "bottleneck": True, "blocks": [1, 2, 1, 1], "widths": [4, 8, 8, 16], "stem": 8}

    for name, block, layers, widths in [("tv_tiny_bottleneck", Bottleneck, [1, 2, 1, 1], [4, 8, 8, 16]),
                                        ("tv_tiny_basic", BasicBlock, [2, 1, 1, 1], [8, 8, 16, 16])]:
        net = SmallTorchvisionResNet(block, layers, widths, 8).eval()
        randomise(net, g)
        torch.save(net.state_dict(), os.path.join(out, name + ".pth"))
        with torch.no_grad():
            for k, v in tv_layers(net, x).items():
                save_npy(out, name + "__" + k, v)
        spec[name] = {"layout": "torchvision", "bottleneck": block is Bottleneck, "blocks": layers, "widths": widths, "stem": 8}
    # A .pth whose pickle calls os.system when unpickled by Python: MedTL must refuse it, not run it.
    torch.save({"conv1.weight": torch.zeros(1), "payload": Evil()}, os.path.join(out, "malicious.pth"))
    paper = ["conv1_relu", "conv2_block1_out", "conv3_block2_out", "conv4_block1_out", "conv5_block1_out"]
    torch.jit.script(ScriptedLayers(keras, paper).eval()).save(os.path.join(out, "keras_tiny_script.pt"))
    with open(os.path.join(out, "fixtures.json"), "w") as f:
        json.dump({"seed": SEED, "torch": torch.__version__, "torchvision": torchvision.__version__, "h5py": h5py.__version__,
                   "networks": spec}, f, indent=2)


class ScriptedLayers(nn.Module):
    """TorchScript export: forward returns the paper layers as Dict[str, Tensor] (what MedTL's TorchScript loader reads)."""

    def __init__(self, net, keys):
        super().__init__()
        self.net = net
        self.keys = keys

    def forward(self, x):
        out = self.net(x)
        return {k: out[k] for k in self.keys}


def make_full(out):
    g = torch.Generator().manual_seed(SEED + 1)
    x = torch.randn((2, 3, 224, 224), generator=g)
    save_npy(out, "input", x)
    keras = KerasResNet([3, 4, 6, 3], [64, 128, 256, 512], 64).eval()
    randomise(keras, g)
    with h5py.File(os.path.join(out, "keras_resnet50_notop.h5"), "w") as f:
        write_keras_group(f, keras)
    with h5py.File(os.path.join(out, "keras_resnet50_model.h5"), "w") as f:
        f.attrs["keras_version"] = b"2.2.4"
        f.attrs["backend"] = b"tensorflow"
        write_keras_group(f.create_group("model_weights"), keras)
    paper = ["conv1_relu", "conv2_block3_out", "conv3_block4_out", "conv4_block6_out", "conv5_block3_out"]
    with torch.no_grad():
        o = keras(x)
        for k in paper:
            save_npy(out, "keras_resnet50__" + k, o[k])
    tv = torchvision.models.resnet50().eval()
    randomise(tv, g)
    torch.save(tv.state_dict(), os.path.join(out, "tv_resnet50.pth"))
    with torch.no_grad():
        o = tv_layers(tv, x)
        for k in ["relu", "layer1", "layer2", "layer3", "layer4"]:
            save_npy(out, "tv_resnet50__" + k, o[k])
        logits = tv(x)
        save_npy(out, "tv_resnet50__fc", logits)


def make_torchscript(out, size):
    """Keras-layout ResNet50 as TorchScript (torch.jit.script), for the benchmark and the TorchScript test."""
    g = torch.Generator().manual_seed(SEED + 2)
    keras = KerasResNet([3, 4, 6, 3], [64, 128, 256, 512], 64).eval()
    randomise(keras, g)
    with h5py.File(os.path.join(out, "keras_resnet50_bench.h5"), "w") as f:
        write_keras_group(f, keras)
    scripted = torch.jit.script(ScriptedLayers(keras, ["conv1_relu", "conv5_block3_out"]).eval())
    scripted.save(os.path.join(out, "keras_resnet50_bench.pt"))


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("out", nargs="?", default=os.path.join(os.path.dirname(__file__), "..", "core", "src", "test",
                                                          "resources", "org", "medtl", "core", "model"))
    p.add_argument("--full", action="store_true", help="full-size ResNet-50 files for the heavy tests")
    p.add_argument("--torchscript", action="store_true", help="Keras-layout ResNet-50 .h5 + TorchScript for the benchmark")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    torch.manual_seed(SEED)
    if a.full:
        make_full(a.out)
    elif a.torchscript:
        make_torchscript(a.out, 224)
    else:
        make_small(a.out)
