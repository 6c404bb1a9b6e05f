"""linear (x W^T + b) and 2-D matmul."""

import torch
import torch.nn.functional as F

from . import _draw as draw
from ._core import REDUCTION, Builder, Spec, autograd


def linear(attrs, inputs, grad_output):
    wrt = [k for k in ("input", "weight", "bias") if k in inputs]
    def run(t):
        return F.linear(t["input"], t["weight"], t.get("bias"))

    return autograd(run, inputs, wrt, grad_output)


def matmul(attrs, inputs, grad_output):
    return autograd(lambda t: torch.matmul(t["a"], t["b"]), inputs, ["a", "b"], grad_output)


OPS = {"linear": linear, "matmul": matmul}


def _linear(name, n, fin, fout, bias):
    def make(rng):
        inputs = {
            "input": draw.normal(rng, (n, fin)),
            "weight": draw.fan_in_uniform(rng, (fout, fin), fin),
        }
        if bias:
            inputs["bias"] = draw.normal(rng, (fout,), 0.1)
        return Spec({"bias": bias}, inputs)

    return Builder(name, "linear", REDUCTION, make)


def _matmul(n, k, m):
    def make(rng):
        return Spec({}, {"a": draw.normal(rng, (n, k)), "b": draw.normal(rng, (k, m))})

    return Builder(f"matmul_{n}x{k}_{k}x{m}", "matmul", REDUCTION, make)


CASES = [
    _linear("linear_bias", 4, 8, 5, True),
    _linear("linear_nobias", 1, 20, 10, False),
    _linear("linear_90to10", 6, 90, 10, True),
    _matmul(3, 4, 5),
    _matmul(1, 7, 2),
    _matmul(8, 16, 4),
]
