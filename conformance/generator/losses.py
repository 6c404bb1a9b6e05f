"""log_softmax, softmax, nll_loss and cross_entropy (mean reduction, int64 targets)."""

import torch.nn.functional as F

from . import _draw as draw
from ._core import ELEMENTWISE, Builder, Spec, autograd


def _softmax(fn):
    def evaluate(attrs, inputs, grad_output):
        return autograd(lambda t: fn(t["input"], dim=attrs["dim"]), inputs, ["input"], grad_output)

    return evaluate


def _loss(fn):
    def evaluate(attrs, inputs, grad_output):
        return autograd(
            lambda t: fn(t["input"], t["target"], reduction=attrs["reduction"]),
            inputs,
            ["input"],
            grad_output,
        )

    return evaluate


OPS = {
    "log_softmax": _softmax(F.log_softmax),
    "softmax": _softmax(F.softmax),
    "nll_loss": _loss(F.nll_loss),
    "cross_entropy": _loss(F.cross_entropy),
}


def _soft(op, name, shape, dim, mean=0.0, scale=2.0):
    def make(rng):
        return Spec({"dim": dim}, {"input": draw.normal(rng, shape, scale, mean)})

    return Builder(name, op, ELEMENTWISE, make)


def _nll(name, n, c):
    def make(rng):
        inputs = {"input": draw.log_probs(rng, n, c), "target": draw.targets(rng, n, c)}
        return Spec({"reduction": "mean"}, inputs)

    return Builder(name, "nll_loss", ELEMENTWISE, make)


def _ce(name, n, c):
    def make(rng):
        inputs = {"input": draw.normal(rng, (n, c), 2.0), "target": draw.targets(rng, n, c)}
        return Spec({"reduction": "mean"}, inputs)

    return Builder(name, "cross_entropy", ELEMENTWISE, make)


CASES = [
    _soft("log_softmax", "log_softmax_2d", (4, 10), 1),
    _soft("log_softmax", "log_softmax_4d_dim1", (2, 3, 2, 2), 1),
    # Logits around +-100 (here 100 +- 10): exp overflows float32 unless the max is subtracted.
    _soft("log_softmax", "log_softmax_large_values", (3, 5), 1, mean=100.0, scale=10.0),
    _soft("softmax", "softmax_2d", (4, 10), 1),
    _soft("softmax", "softmax_3d_lastdim", (2, 3, 5), -1),
    _nll("nll_loss_4x10", 4, 10),
    _nll("nll_loss_8x5", 8, 5),
    _ce("cross_entropy_4x10", 4, 10),
    _ce("cross_entropy_16x10", 16, 10),
]
