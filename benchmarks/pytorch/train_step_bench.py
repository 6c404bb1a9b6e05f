"""PyTorch CPU baseline for the end-to-end benchmark: the 7,840-parameter MNIST network,
batch 128, one training step = forward + backward + SGD update, on N threads.

Run with Debian's PyTorch build (apt-get install python3-torch):
    /usr/bin/python3 benchmarks/pytorch/train_step_bench.py --threads 2
Prints images/s of training steps and of inference (median of several timed rounds).
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def net7840(p=0.0):
    def block(cin, cout, k):
        return [nn.Conv2d(cin, cout, k, bias=False), nn.BatchNorm2d(cout), nn.ReLU(), nn.Dropout(p)]

    layers = block(1, 10, 3) + block(10, 10, 3) + block(10, 15, 3) + [nn.MaxPool2d(2, 2)]
    layers += block(15, 10, 1) + block(10, 10, 3) + block(10, 10, 3) + block(10, 10, 3)
    layers += [nn.Conv2d(10, 10, 5, bias=False)]
    return nn.Sequential(*layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = net7840()
    assert sum(p.numel() for p in model.parameters()) == 7840
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(a.batch, 1, 28, 28)
    y = torch.randint(0, 10, (a.batch,))

    def train_step():
        opt.zero_grad()
        out = F.log_softmax(model(x).view(-1, 10), dim=1)
        F.nll_loss(out, y).backward()
        opt.step()

    def infer_step():
        with torch.no_grad():
            model(x)

    for name, fn, mode in (("train", train_step, model.train), ("inference", infer_step, model.eval)):
        mode()
        for _ in range(5):
            fn()
        rates = []
        for _ in range(a.rounds):
            t = time.perf_counter()
            for _ in range(a.steps):
                fn()
            rates.append(a.steps * a.batch / (time.perf_counter() - t))
        print(f"pytorch {torch.__version__} threads={a.threads} batch={a.batch} {name}: "
              f"{statistics.median(rates):.0f} images/s (min {min(rates):.0f}, max {max(rates):.0f})")


if __name__ == "__main__":
    main()
