"""Writes the small torch.save files that StateDictFilesTest reads.

Run from this folder with Debian's python3-torch (`/usr/bin/python3 make_fixtures.py`).
Every fixture but the malicious ones has its expected float32 values in
expected.npz, under "<fixture name without .pth>/<key>": what the Java reader
must return (the tensors as float32, contiguous, without BatchNorm's
num_batches_tracked counters). The malicious files must be refused unread.
"""
import collections
import os
import pickle

import numpy as np
import torch
from torch import nn

torch.manual_seed(20240611)
expected = {}


def save(name, obj, state_dict=None, legacy=False):
    """torch.save obj as <name>.pth and record the tensors the reader must return."""
    torch.save(obj, name + ".pth", _use_new_zipfile_serialization=not legacy)
    for key, value in (obj if state_dict is None else state_dict).items():
        if not key.endswith("num_batches_tracked"):
            expected[name + "/" + key] = value.detach().to(torch.float32).numpy().copy()


class Tiny(nn.Module):
    """A conv and a BatchNorm: a real state_dict, with _metadata and an int64 counter."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 3, 3)
        self.bn = nn.BatchNorm2d(3)


tiny = Tiny()
with torch.no_grad():
    tiny.bn.running_mean.uniform_(-1, 1)
    tiny.bn.running_var.uniform_(0.5, 2)
tiny.bn.num_batches_tracked += 41
state = tiny.state_dict()  # an OrderedDict

# formats, with an nn.Module's OrderedDict state_dict
save("zip_ordereddict", state)
save("legacy_ordereddict", state, legacy=True)

# dtypes, as plain dicts, in both formats
values = torch.randn(2, 3, 4) * 3
for dtype, label in [(torch.float32, "float32"), (torch.float16, "float16"),
                     (torch.bfloat16, "bfloat16"), (torch.float64, "float64")]:
    d = {"w": values.to(dtype), "b": torch.tensor([0.1, -65504.0, 1e-7, 3.0]).to(dtype)}
    if dtype == torch.float16:
        d["tiny"] = torch.tensor([6e-8, -6e-8, 1e-5], dtype=dtype)  # subnormal halves
    save("zip_" + label, d)
    save("legacy_" + label, d, legacy=True)
ints = {"index": torch.tensor([[-3, 0], [5, 1 << 20]], dtype=torch.int64),
        "bn.num_batches_tracked": torch.tensor(7), "bn.weight": torch.ones(2)}
save("zip_int64", ints)
save("legacy_int64", ints, legacy=True)

# wrappings: DataParallel's "module." prefix, checkpoint dicts
save("zip_module_prefix", nn.DataParallel(tiny).state_dict())
optimizer = torch.optim.SGD(tiny.parameters(), lr=0.1, momentum=0.9)
for p in tiny.parameters():
    p.grad = torch.ones_like(p)
optimizer.step()
state = tiny.state_dict()
save("zip_checkpoint_state_dict", {"epoch": 12, "state_dict": state, "optimizer": optimizer.state_dict(),
                                   "best_dice": 0.875}, state_dict=state)
save("legacy_checkpoint_model", {"model": state, "epoch": 3, "args": {"lr": 0.01, "arch": "tiny"},
                                 "flags": [True, None, (1, 2)]}, state_dict=state, legacy=True)
save("zip_parameters", {"w": nn.Parameter(torch.randn(3, 2)), "b": nn.Parameter(torch.zeros(3))})

# views of one shared storage: transposed, sliced, strided
base = torch.arange(24, dtype=torch.float32) / 4 - 2
views = {"transposed": base.view(4, 6).t(), "sliced": base[5:17], "strided": base.view(4, 6)[1:, ::2],
         "whole": base, "expanded": base[3:4].expand(2, 3)}
save("zip_views", views)
save("legacy_views", views, legacy=True)


class Payload:
    """What a hostile checkpoint hides: unpickling it with pickle.load would run a shell command."""

    def __reduce__(self):
        return (os.system, ("echo pwned",))


class EvalPayload:
    def __reduce__(self):
        return (eval, ("print('pwned')",))


torch.save({"w": torch.ones(2), "x": Payload()}, "malicious_zip.pth")
torch.save({"w": torch.ones(2), "x": Payload()}, "malicious_legacy.pth", _use_new_zipfile_serialization=False)
with open("malicious_plain.pth", "wb") as f:
    pickle.dump({"x": EvalPayload()}, f, protocol=2)

# a few bytes that would expand to 512 MB of floats: refused
torch.save({"w": torch.zeros(1).expand(1 << 27)}, "broadcast_bomb.pth")

np.savez("expected.npz", **expected)
