"""PyTorch CPU baseline for full training epochs: net7840 with its published recipe (dropout
0.05, random rotation of up to 7 degrees, SGD momentum 0.9, one-cycle LR peaking at 0.05,
batch 128), the whole data set in memory as one tensor, and each batch rotated at once with
affine_grid + grid_sample: PyTorch's fastest loop for this recipe. Each epoch = 60,000 training
images + evaluation on the 10,000 test images.

Run with Debian's PyTorch build:
    /usr/bin/python3 benchmarks/pytorch/train_epoch_bench.py --data ~/.cache/jgrad/mnist --threads 2
Prints, per epoch, seconds (training + evaluation), images/s (60,000 / those seconds) and the test
accuracy.
"""
import argparse
import gzip
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from train_step_bench import net7840


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder, prefix):
    x = torch.from_numpy(idx(os.path.join(folder, prefix + "-images-idx3-ubyte.gz")).copy())
    y = torch.from_numpy(idx(os.path.join(folder, prefix + "-labels-idx1-ubyte.gz")).astype(np.int64))
    x = (x.float().div_(255).sub_(0.1307).div_(0.3081)).unsqueeze(1)
    return x, y


def rotate(x, degrees, gen):
    """Rotates every image of the batch by its own angle, uniform in [-degrees, degrees]."""
    a = (torch.rand(x.shape[0], generator=gen) * 2 - 1) * math.radians(degrees)
    c, s = torch.cos(a), torch.sin(a)
    theta = torch.stack([torch.stack([c, -s, torch.zeros_like(a)], 1),
                         torch.stack([s, c, torch.zeros_like(a)], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.expanduser("~/.cache/jgrad/mnist"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--dropout", type=float, default=0.05)
    ap.add_argument("--rotation", type=float, default=7.0)
    ap.add_argument("--train-limit", type=int, default=0, help="first N training images (0 = all)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(1)
    xtr, ytr = load(a.data, "train")
    xte, yte = load(a.data, "t10k")
    if a.train_limit > 0:
        xtr, ytr = xtr[:a.train_limit], ytr[:a.train_limit]
    model = net7840(a.dropout)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    steps = math.ceil(len(xtr) / a.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=0.05, total_steps=steps * a.epochs, pct_start=0.2)
    for epoch in range(1, a.epochs + 1):
        t0 = time.perf_counter()
        model.train()
        perm = torch.randperm(len(xtr), generator=gen)
        for i in range(0, len(xtr), a.batch):
            j = perm[i:i + a.batch]
            x = xtr[j]
            if a.rotation > 0:
                x = rotate(x, a.rotation, gen)
            opt.zero_grad()
            loss = F.nll_loss(F.log_softmax(model(x).view(-1, 10), dim=1), ytr[j])
            loss.backward()
            opt.step()
            sched.step()
        model.eval()
        correct = 0
        with torch.no_grad():
            for i in range(0, len(xte), 1000):
                correct += (model(xte[i:i + 1000]).view(-1, 10).argmax(1) == yte[i:i + 1000]).sum().item()
        sec = time.perf_counter() - t0
        print(f"pytorch {torch.__version__} threads={a.threads} epoch {epoch}: {sec:.1f} s, "
              f"{len(xtr) / sec:.0f} images/s, test acc {100.0 * correct / len(xte):.2f}%")


if __name__ == "__main__":
    main()
