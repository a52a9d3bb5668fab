#!/usr/bin/python3
"""CE-Net in PyTorch: the same-run baseline of the plugin's benchmarks.

Written from the architecture the project documents (README "The network",
model/CENetArchitecture.java): ResNet-34 encoder, DAC block, RMP block, four
decoder blocks and the head, with the parameter names of the reference
state_dict, so it loads the same .npz the plugin imports.

    cenet_torch.py check  --weights W.npz --input X.npy --expected P.npy [--threads N]
    cenet_torch.py figure --task inference|train --batch N [--warmup K] [--runs R]
                          [--weights W.npz] [--threads N] [--size 448] [--dac shared|reference] [--profile N]

`check` computes the probabilities of X (NHWC float32, as the plugin writes it) and
compares them with the plugin's (P, NHWC); it prints `CHECK ...` and exits 1 when they
differ by more than --tolerance (1e-4). `figure` prints one `FIGURE key=value ...` line
(median seconds, peak RSS from getrusage, CPU/wall of the timed part), the format of the
plugin's BenchmarkChild. Without torch both print `SKIP ...` with the install command and
exit 3.

--dac shared (default) computes dilate1(x) and dilate2(dilate1(x)) once, as the plugin's
graph does (41.0 GFLOP at 448); --dac reference recomputes them as the authors' code does
(43.8 GFLOP). Both give the same output.
"""
import argparse
import os
import resource
import sys
import time

INSTALL = "apt-get install -y python3-torch (Debian/Ubuntu) or pip install torch numpy"
SKIP_EXIT = 3

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:  # the bench says SKIP, it does not fail
    print("SKIP PyTorch baseline: %s; install with: %s" % (e, INSTALL), flush=True)
    sys.exit(SKIP_EXIT)

STAGE_BLOCKS = (3, 4, 6, 3)
STAGE_FILTERS = (64, 128, 256, 512)
DECODER_IN = (64, 128, 256, 516)   # index 0 = decoder1
DECODER_OUT = (64, 64, 128, 256)


def conv_bn(cin, cout, k, stride, pad):
    return nn.Conv2d(cin, cout, k, stride, pad, bias=False), nn.BatchNorm2d(cout)


class BasicBlock(nn.Module):
    """ResNet BasicBlock: conv1, bn1, relu, conv2, bn2, + identity (downsample.0/.1 when halving)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1, self.bn1 = conv_bn(cin, cout, 3, stride, 1)
        self.conv2, self.bn2 = conv_bn(cout, cout, 3, 1, 1)
        self.downsample = nn.Sequential(*conv_bn(cin, cout, 1, stride, 0)) if stride != 1 else None

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.downsample is None else self.downsample(x)))


class DAC(nn.Module):
    """Dense atrous convolution: x + r(d1 x) + r(c d2 x) + r(c d2 d1 x) + r(c d3 d2 d1 x), r = ReLU."""

    def __init__(self, c=512, shared=True):
        super().__init__()
        self.dilate1 = nn.Conv2d(c, c, 3, 1, 1, dilation=1)
        self.dilate2 = nn.Conv2d(c, c, 3, 1, 3, dilation=3)
        self.dilate3 = nn.Conv2d(c, c, 3, 1, 5, dilation=5)
        self.conv1x1 = nn.Conv2d(c, c, 1)
        self.shared = shared

    def forward(self, x):
        c = self.conv1x1
        if not self.shared:  # the authors' code: dilate1(x) three times, dilate2(dilate1(x)) twice
            return (x + F.relu(self.dilate1(x)) + F.relu(c(self.dilate2(x)))
                    + F.relu(c(self.dilate2(self.dilate1(x))))
                    + F.relu(c(self.dilate3(self.dilate2(self.dilate1(x))))))
        d1 = self.dilate1(x)
        d21 = self.dilate2(d1)
        return (x + F.relu(d1) + F.relu(c(self.dilate2(x))) + F.relu(c(d21)) + F.relu(c(self.dilate3(d21))))


class RMP(nn.Module):
    """Residual multi-kernel pooling: max-pools 2, 3, 5, 6, one shared 1x1 conv to 1 channel,
    bilinear (align_corners=False) back to the input size; concatenated [p2, p3, p5, p6, x]."""

    def __init__(self, c=512):
        super().__init__()
        self.conv = nn.Conv2d(c, 1, 1)

    def forward(self, x):
        size = x.shape[2:]
        parts = [F.interpolate(self.conv(F.max_pool2d(x, k, k)), size=size, mode="bilinear", align_corners=False)
                 for k in (2, 3, 5, 6)]
        return torch.cat(parts + [x], 1)


class DecoderBlock(nn.Module):
    """1x1 conv to in/4, BN, ReLU; 3x3 transposed conv x2, BN, ReLU; 1x1 conv, BN, ReLU."""

    def __init__(self, cin, cout):
        super().__init__()
        mid = cin // 4
        self.conv1, self.norm1 = nn.Conv2d(cin, mid, 1), nn.BatchNorm2d(mid)
        self.deconv2 = nn.ConvTranspose2d(mid, mid, 3, stride=2, padding=1, output_padding=1)
        self.norm2 = nn.BatchNorm2d(mid)
        self.conv3, self.norm3 = nn.Conv2d(mid, cout, 1), nn.BatchNorm2d(cout)

    def forward(self, x):
        x = F.relu(self.norm1(self.conv1(x)))
        x = F.relu(self.norm2(self.deconv2(x)))
        return F.relu(self.norm3(self.conv3(x)))


class CENet(nn.Module):
    def __init__(self, in_channels=3, out_channels=1, shared_dac=True):
        super().__init__()
        self.firstconv, self.firstbn = conv_bn(in_channels, 64, 7, 2, 3)
        cin = 64
        for s, (blocks, f) in enumerate(zip(STAGE_BLOCKS, STAGE_FILTERS)):
            layers = [BasicBlock(cin if b == 0 else f, f, 2 if (b == 0 and s > 0) else 1) for b in range(blocks)]
            setattr(self, "encoder%d" % (s + 1), nn.Sequential(*layers))
            cin = f
        self.dblock = DAC(512, shared_dac)
        self.spp = RMP(512)
        for d in range(4):
            setattr(self, "decoder%d" % (d + 1), DecoderBlock(DECODER_IN[d], DECODER_OUT[d]))
        self.finaldeconv1 = nn.ConvTranspose2d(64, 32, 4, 2, 1)
        self.finalconv2 = nn.Conv2d(32, 32, 3, padding=1)
        self.finalconv3 = nn.Conv2d(32, out_channels, 3, padding=1)

    def logits(self, x):
        x = F.max_pool2d(F.relu(self.firstbn(self.firstconv(x))), 3, 2, 1)
        e1 = self.encoder1(x)
        e2 = self.encoder2(e1)
        e3 = self.encoder3(e2)
        e4 = self.encoder4(e3)
        c = self.spp(self.dblock(e4))
        d4 = self.decoder4(c) + e3
        d3 = self.decoder3(d4) + e2
        d2 = self.decoder2(d3) + e1
        d1 = self.decoder1(d2)
        y = F.relu(self.finaldeconv1(d1))
        y = F.relu(self.finalconv2(y))
        return self.finalconv3(y)

    def forward(self, x):
        z = self.logits(x)
        return torch.sigmoid(z) if z.shape[1] == 1 else torch.softmax(z, 1)


def load_npz(model, path):
    """Loads a .npz state_dict; every parameter and buffer but the num_batches_tracked counters must be there."""
    with np.load(path) as npz:
        sd = {k: torch.from_numpy(np.ascontiguousarray(npz[k], dtype=np.float32)) for k in npz.files
              if not k.endswith("num_batches_tracked")}
    own = model.state_dict()
    wrong = [k for k, v in sd.items() if k in own and tuple(own[k].shape) != tuple(v.shape)]
    if wrong:
        raise ValueError("shape differs for %s" % wrong[:5])
    missing, unexpected = model.load_state_dict(sd, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise ValueError("npz does not match the architecture: missing %s, unexpected %s" % (missing[:5], unexpected[:5]))
    return len(sd)


def dice_bce(logits, target, weight, smooth=1.0):
    """The plugin's train/Losses DICE_BCE: weighted mean BCE on logits + 1 - soft Dice over the batch."""
    bce = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
    bce = (bce * weight).sum() / torch.clamp(weight.sum(), min=1.0)
    p = torch.sigmoid(logits)
    pw, tw = p * weight, target * weight
    dice = (2 * (pw * target).sum() + smooth) / (pw.sum() + tw.sum() + smooth)
    return bce + 1 - dice


def synthetic_nchw(n, size, channels=3):
    """The pattern of the plugin's SyntheticImage.nhwc, as NCHW."""
    y, x = np.meshgrid(np.arange(size, dtype=np.float64), np.arange(size, dtype=np.float64), indexing="ij")
    out = np.empty((n, channels, size, size), np.float32)
    for b in range(n):
        for c in range(channels):
            out[b, c] = 1.6 * np.sin(0.031 * (x + 97 * b) + 0.017 * y + c) * np.cos(0.0007 * (x * x + y * y) / (1 + c))
    return torch.from_numpy(out)


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peak_rss_gib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1 << 20)  # KiB on Linux


def rss_file_gib():
    """Resident pages mapped from files now (mostly the libraries' code), as the Java children report."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("RssFile:"):
                return int(line.split()[1]) / (1 << 20)  # kB
    return float("nan")


def check(a):
    model = CENet(shared_dac=a.dac == "shared")
    load_npz(model, a.weights)
    model.eval()
    x = np.load(a.input).astype(np.float32)           # NHWC
    expected = np.load(a.expected).astype(np.float32)  # NHWC
    with torch.no_grad():
        p = model(torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))).numpy().transpose(0, 2, 3, 1)
    if p.shape != expected.shape:
        print("CHECK FAILED shape %s against the plugin's %s" % (p.shape, expected.shape), flush=True)
        return 1
    diff = np.abs(p - expected)
    worst = float(diff.max())
    ok = worst <= a.tolerance
    line = ("CHECK %s max_abs_diff=%.3g mean_abs_diff=%.3g tolerance=%g pixels=%d mean_p_plugin=%.4f mean_p_torch=%.4f"
            " share_p_between_0.01_and_0.99=%.3f" % ("PASSED" if ok else "FAILED", worst, float(diff.mean()),
                                                   a.tolerance, diff.size, float(expected.mean()), float(p.mean()),
                                                   float(((expected > 0.01) & (expected < 0.99)).mean())))
    if a.expected_logits:
        z = np.load(a.expected_logits).astype(np.float32)
        with torch.no_grad():
            zt = model.logits(torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))).numpy().transpose(0, 2, 3, 1)
        line += " logits_max_abs_diff=%.3g logits_range=%.3g" % (float(np.abs(zt - z).max()), float(np.ptp(z)))
    print(line, flush=True)
    return 0 if ok else 1


def figure(a):
    torch.manual_seed(42)
    model = CENet(shared_dac=a.dac == "shared")
    if a.weights:
        load_npz(model, a.weights)
    n, s = a.batch, a.size
    x = synthetic_nchw(n, s)
    out = {}
    if a.task == "inference":
        model.eval()
        def run():
            with torch.no_grad():
                return model(x)
        warmup, runs = a.warmup, a.runs
    elif a.task == "train":
        model.train()
        g = torch.Generator().manual_seed(n)
        target = (torch.rand(n, 1, s, s, generator=g) < 0.1).float()
        weight = torch.ones(n, 1, s, s)
        opt = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.9, 0.999), eps=1e-8)
        def run():
            opt.zero_grad(set_to_none=True)
            loss = dice_bce(model.logits(x), target, weight)
            loss.backward()
            opt.step()
            return loss
        warmup, runs = a.warmup, a.runs
    else:
        raise SystemExit("unknown task " + a.task)
    for _ in range(warmup):
        y = run()
    seconds = []
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    for _ in range(runs):
        t = time.perf_counter()
        y = run()
        seconds.append(time.perf_counter() - t)
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    seconds.sort()
    median = seconds[len(seconds) // 2] if len(seconds) % 2 else (seconds[len(seconds) // 2 - 1] + seconds[len(seconds) // 2]) / 2
    out["seconds"] = median / n
    out["seconds_per_batch"] = median
    out["min_seconds_per_batch"] = seconds[0]
    out["max_seconds_per_batch"] = seconds[-1]
    out["timed_cpu_per_wall"] = cpu / wall
    out["mean_output"] = float(y.mean())
    out["torch"] = torch.__version__
    out["threads"] = torch.get_num_threads()
    out["peak_rss_gib"] = peak_rss_gib()
    out["rss_file_gib"] = rss_file_gib()
    out["process_cpu_s"] = cpu_seconds()
    out["process_wall_s"] = time.perf_counter() - START
    if a.profile:  # one more run under the profiler: where PyTorch's time goes, by op
        with torch.profiler.profile() as prof:
            run()
        ops = sorted(prof.key_averages(), key=lambda e: e.self_cpu_time_total, reverse=True)
        total = sum(e.self_cpu_time_total for e in ops) or 1
        for e in ops[:a.profile]:
            print("PROFILE op=%s calls=%d self_cpu_ms=%.1f share=%.3f" % (e.key, e.count, e.self_cpu_time_total / 1e3,
                                                                           e.self_cpu_time_total / total), flush=True)
    print("FIGURE " + " ".join("%s=%s" % (k, ("%.4g" % v) if isinstance(v, float) else str(v).replace(" ", "_"))
                               for k, v in out.items()), flush=True)
    return 0


def onnx(a):
    """Exports the CE-Net of --weights to --output as ONNX (opset 13, dynamic batch, height and width), NCHW in and
    probabilities out, and checks that the exported graph's probabilities are PyTorch's (through torch's own ONNX
    checker when onnx is installed; the benchmark checks the file with ONNX Runtime against the plugin anyway)."""
    model = CENet(shared_dac=a.dac == "shared")
    load_npz(model, a.weights)
    model.eval()
    x = synthetic_nchw(1, a.size)
    axes = {0: "batch", 2: "height", 3: "width"}
    with torch.no_grad():
        torch.onnx.export(model, x, a.output, opset_version=13, input_names=["input"], output_names=["probabilities"],
                          dynamic_axes={"input": axes, "probabilities": axes}, do_constant_folding=True)
    print("ONNX written=%s bytes=%d opset=13 torch=%s" % (a.output, os.path.getsize(a.output), torch.__version__),
          flush=True)
    return 0


START = time.perf_counter()


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("mode", choices=("check", "figure", "onnx"))
    p.add_argument("--output", help="onnx: the file to write")
    p.add_argument("--weights")
    p.add_argument("--input")
    p.add_argument("--expected")
    p.add_argument("--expected-logits")
    p.add_argument("--tolerance", type=float, default=1e-4)
    p.add_argument("--task", default="inference", choices=("inference", "train"))
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--size", type=int, default=448)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--dac", choices=("shared", "reference"), default="shared")
    p.add_argument("--profile", type=int, default=0, metavar="N", help="after timing, print the N ops with most CPU time")
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    if a.mode == "check":
        if not (a.weights and a.input and a.expected):
            p.error("check needs --weights, --input and --expected")
        return check(a)
    if a.mode == "onnx":
        if not (a.weights and a.output):
            p.error("onnx needs --weights and --output")
        return onnx(a)
    return figure(a)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
