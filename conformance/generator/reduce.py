"""sum and mean over all elements (0-d result) or a list of dims, with keepdim."""

import torch

from . import _draw as draw
from ._core import REDUCTION, Builder, Spec, autograd


def _reduction(fn):
    def evaluate(attrs, inputs, grad_output):
        dim, keep = attrs["dim"], attrs["keepdim"]

        def run(t):
            x = t["input"]
            return fn(x) if dim is None else fn(x, dim=dim, keepdim=keep)

        return autograd(run, inputs, ["input"], grad_output)

    return evaluate


OPS = {"sum": _reduction(torch.sum), "mean": _reduction(torch.mean)}


def _case(op, suffix, shape, dim, keepdim=False):
    def make(rng):
        return Spec({"dim": dim, "keepdim": keepdim}, {"input": draw.normal(rng, shape)})

    return Builder(f"{op}_{suffix}", op, REDUCTION, make)


CASES = [
    c
    for op in ("sum", "mean")
    for c in (
        _case(op, "all", (3, 4, 5), None),
        _case(op, "dims23_keepdim", (2, 3, 4, 4), [2, 3], True),
        _case(op, "dim1", (2, 3, 4), [1]),
        _case(op, "dim0", (5, 6), [0]),
        _case(op, "all_large", (4, 10, 10, 10), None),
    )
]
