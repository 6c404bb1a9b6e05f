"""relu, add/sub/mul/div and pow_tensor (NumPy broadcasting), reshape, flatten.

pow_tensor is torch.pow(input, exponent) with a tensor exponent. Bases are positive in [0.5, 2]
(a fractional power of a negative base is NaN, and so is ln of a negative base in the exponent's
gradient), except in the case whose exponents are integers: there the bases have |x| >= 0.5 with
either sign, and the exponent is a constant (attrs.exponent_grad false), since its gradient is
NaN for a negative base.
"""

import numpy as np
import torch

from . import _draw as draw
from ._core import ELEMENTWISE, REDUCTION, Builder, Spec, autograd


def relu(attrs, inputs, grad_output):
    return autograd(lambda t: torch.relu(t["input"]), inputs, ["input"], grad_output)


def _binary(fn):
    def evaluate(attrs, inputs, grad_output):
        return autograd(lambda t: fn(t["a"], t["b"]), inputs, ["a", "b"], grad_output)

    return evaluate


def pow_tensor(attrs, inputs, grad_output):
    wrt = ["input", "exponent"] if attrs["exponent_grad"] else ["input"]
    return autograd(lambda t: torch.pow(t["input"], t["exponent"]), inputs, wrt, grad_output)


def reshape(attrs, inputs, grad_output):
    return autograd(lambda t: t["input"].reshape(attrs["shape"]), inputs, ["input"], grad_output)


def flatten(attrs, inputs, grad_output):
    return autograd(
        lambda t: torch.flatten(t["input"], attrs["start_dim"], attrs["end_dim"]),
        inputs,
        ["input"],
        grad_output,
    )


OPS = {
    "relu": relu,
    "add": _binary(torch.add),
    "sub": _binary(torch.sub),
    "mul": _binary(torch.mul),
    "div": _binary(torch.div),
    "pow_tensor": pow_tensor,
    "reshape": reshape,
    "flatten": flatten,
}


def _relu(name, shape):
    # |x| >= 0.05: float32 noise cannot flip the branch.
    def make(rng):
        return Spec({}, {"input": draw.away_from_zero(rng, shape)})

    return Builder(name, "relu", ELEMENTWISE, make)


def _bin(op, name, a, b):
    broadcast = tuple(a) != tuple(b)

    def make(rng):
        # div denominators have |b| in [0.5, 2].
        vb = draw.denominators(rng, b) if op == "div" else draw.normal(rng, b)
        return Spec({"broadcast": broadcast}, {"a": draw.normal(rng, a), "b": vb})

    # Broadcasting sums the gradient of the expanded operand: a reduction.
    return Builder(name, op, REDUCTION if broadcast else ELEMENTWISE, make)


def _pow(name, a, b, integer_exponents=False):
    broadcast = tuple(a) != tuple(b)

    def make(rng):
        if integer_exponents:
            sign = np.where(rng.random(a) < 0.5, -1.0, 1.0)
            base = (sign * rng.uniform(0.5, 2.0, a)).astype(np.float32)
            exponent = rng.integers(-2, 4, b).astype(np.float32)
        else:
            base, exponent = draw.uniform(rng, a, 0.5, 2.0), draw.normal(rng, b)
        attrs = {"broadcast": broadcast, "exponent_grad": not integer_exponents}
        return Spec(attrs, {"input": base, "exponent": exponent})

    return Builder(name, "pow_tensor", REDUCTION if broadcast else ELEMENTWISE, make)


def _view(name, op, shape, attrs):
    def make(rng):
        return Spec(dict(attrs), {"input": draw.normal(rng, shape)})

    return Builder(name, op, ELEMENTWISE, make)


CHANNEL = ((4, 3, 5, 5), (1, 3, 1, 1))
OUTER = ((3, 1), (1, 4))

CASES = [
    _relu("relu_4d", (2, 3, 4, 4)),
    _relu("relu_2d", (4, 10)),
    _bin("add", "add_bcast_channel", *CHANNEL),
    _bin("add", "add_bcast_outer", *OUTER),
    _bin("add", "add_same_shape", (2, 3), (2, 3)),
    _bin("add", "add_bcast_trailing", (2, 3, 4), (4,)),
    _bin("sub", "sub_bcast_channel", *CHANNEL),
    _bin("sub", "sub_bcast_outer", *OUTER),
    _bin("mul", "mul_same_shape", (2, 3), (2, 3)),
    _bin("mul", "mul_bcast_channel", (2, 3, 4, 4), (1, 3, 1, 1)),
    _bin("mul", "mul_bcast_outer", *OUTER),
    _bin("div", "div_bcast_channel", *CHANNEL),
    _bin("div", "div_bcast_outer", *OUTER),
    _pow("pow_tensor_same_shape", (2, 3), (2, 3)),
    _pow("pow_tensor_bcast_channel", *CHANNEL),
    _pow("pow_tensor_bcast_outer", *OUTER),
    _pow("pow_tensor_integer_exponents", (3, 5), (3, 5), integer_exponents=True),
    _view("reshape_2x3x4_to_6x4", "reshape", (2, 3, 4), {"shape": [6, 4]}),
    _view("reshape_view_minus1_10", "reshape", (4, 10, 1, 1), {"shape": [-1, 10]}),
    _view("flatten_start1", "flatten", (2, 3, 4, 4), {"start_dim": 1, "end_dim": -1}),
]
