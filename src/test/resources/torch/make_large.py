"""Writes full-size state_dicts with torch.save and the same tensors as .npz.

Usage: /usr/bin/python3 make_large.py MANIFEST OUT_DIR
MANIFEST lists a CE-Net's state_dict, one "key<TAB>dim,dim,..." a line, as
the Java test takes it from CENetArchitecture. Written to OUT_DIR, random
values, nothing downloaded:
  cenet.pth / cenet.npz     the CE-Net state_dict (module.-prefixed, as
                            nn.DataParallel leaves it, with int64
                            num_batches_tracked counters), saved as a
                            checkpoint {"state_dict": ..., "epoch": ...}
                            in the zip format
  resnet34.pth / resnet34.npz  a ResNet-34 state_dict with torchvision's
                            keys (conv1, bn1, layer1..4, fc), in the legacy
                            format, half of it float16
"""
import collections
import re
import sys

import numpy as np
import torch

manifest, out = sys.argv[1], sys.argv[2]
torch.manual_seed(34)


def random_dict(shapes):
    d = collections.OrderedDict()
    for key, shape in shapes:
        d[key] = torch.randn(*shape) * 0.05
        if key.endswith("running_var"):
            d[key] = d[key].abs() + 0.5
        if key.endswith("running_var"):
            d[key[:-len("running_var")] + "num_batches_tracked"] = torch.tensor(1234)
    return d


def export_npz(path, d):
    np.savez(path, **{k: v.to(torch.float32).numpy() for k, v in d.items()})


shapes = []
with open(manifest) as f:
    for line in f:
        key, dims = line.rstrip("\n").split("\t")
        shapes.append((key, [int(x) for x in dims.split(",") if x]))

cenet = collections.OrderedDict(("module." + k, v) for k, v in random_dict(shapes).items())
torch.save({"state_dict": cenet, "epoch": 17, "best_dice": 0.81}, out + "/cenet.pth")
export_npz(out + "/cenet.npz", cenet)
del cenet


def torchvision_name(key):
    key = re.sub(r"^firstconv\.", "conv1.", key)
    key = re.sub(r"^firstbn\.", "bn1.", key)
    return re.sub(r"^encoder([1-4])\.", r"layer\1.", key)


encoder = [(torchvision_name(k), s) for k, s in shapes if re.match(r"^(firstconv|firstbn|encoder[1-4])\.", k)]
resnet = random_dict(encoder + [("fc.weight", [1000, 512]), ("fc.bias", [1000])])
for i, key in enumerate(list(resnet)):
    if i % 2 == 0 and resnet[key].is_floating_point():
        resnet[key] = resnet[key].half()
torch.save(resnet, out + "/resnet34.pth", _use_new_zipfile_serialization=False)
export_npz(out + "/resnet34.npz", resnet)
