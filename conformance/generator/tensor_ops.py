"""Tensor ops beyond the MNIST set: transpose/permute, narrow/select/slice, cat/stack,
max/min/argmax/argmin over a dim, sigmoid, tanh, leaky_relu, gelu, sqrt, pow, abs, clamp,
comparisons and where; and for nn's layer of the same work, conv2d_same (padding="same", odd and
even kernels, dilation). batch_norm1d, nn's other such layer, is in norm.py beside batch_norm2d.

Inputs are drawn away from every branch point (|x| >= 0.05 from the kinks of abs, leaky_relu and
clamp; pairwise-distinct values for max/min/argmax/argmin, so no ties; positive bases for
fractional powers). Comparison results (PyTorch bool) are written as float32 1/0; argmax/argmin
indices as int64. Multi-tensor inputs of cat/stack are named input0, input1, ...
"""

import numpy as np
import torch
import torch.nn.functional as F

from . import _draw as draw
from ._core import ELEMENTWISE, INT64, REDUCTION, Builder, Outcome, Spec, autograd


def _unary(fn):
    def evaluate(attrs, inputs, grad_output):
        return autograd(lambda t: fn(t["input"], attrs), inputs, ["input"], grad_output)

    return evaluate


def _listed(inputs):
    return [k for k in sorted(inputs, key=lambda k: int(k[len("input"):]))]


def _joined(fn):
    def evaluate(attrs, inputs, grad_output):
        keys = _listed(inputs)
        return autograd(lambda t: fn([t[k] for k in keys], dim=attrs["dim"]), inputs, keys, grad_output)

    return evaluate


def _slice(x, a):
    index = [slice(None)] * x.dim()
    index[a["dim"]] = slice(a["start"], a["end"], a["step"])
    return x[tuple(index)]


def _arg(fn):
    def evaluate(attrs, inputs, grad_output):
        out = fn(inputs["input"], dim=attrs["dim"], keepdim=attrs["keepdim"])
        return Outcome(output=out, out_dtype=INT64)

    return evaluate


def _compare(fn):
    def evaluate(attrs, inputs, grad_output):
        return Outcome(output=fn(inputs["input"], inputs["other"]).to(torch.float64))

    return evaluate


def where(attrs, inputs, grad_output):
    cond = inputs["condition"] != 0
    return autograd(
        lambda t: torch.where(cond, t["input"], t["other"]), inputs, ["input", "other"], grad_output
    )


def conv2d_same(attrs, inputs, grad_output):
    wrt = [k for k in ("input", "weight", "bias") if k in inputs]
    return autograd(
        lambda t: F.conv2d(t["input"], t["weight"], t.get("bias"), padding="same", dilation=attrs["dilation"]),
        inputs,
        wrt,
        grad_output,
    )


OPS = {
    "transpose": _unary(lambda x, a: torch.transpose(x, a["dim0"], a["dim1"])),
    "permute": _unary(lambda x, a: x.permute(*a["dims"])),
    "narrow": _unary(lambda x, a: torch.narrow(x, a["dim"], a["start"], a["length"])),
    "select": _unary(lambda x, a: torch.select(x, a["dim"], a["index"])),
    "slice": _unary(_slice),
    "cat": _joined(torch.cat),
    "stack": _joined(torch.stack),
    "max_dim": _unary(lambda x, a: torch.max(x, dim=a["dim"], keepdim=a["keepdim"]).values),
    "min_dim": _unary(lambda x, a: torch.min(x, dim=a["dim"], keepdim=a["keepdim"]).values),
    "argmax": _arg(torch.argmax),
    "argmin": _arg(torch.argmin),
    "sigmoid": _unary(lambda x, a: torch.sigmoid(x)),
    "tanh": _unary(lambda x, a: torch.tanh(x)),
    "leaky_relu": _unary(lambda x, a: torch.nn.functional.leaky_relu(x, a["negative_slope"])),
    "gelu": _unary(lambda x, a: torch.nn.functional.gelu(x, approximate=a["approximate"])),
    "sqrt": _unary(lambda x, a: torch.sqrt(x)),
    "pow": _unary(lambda x, a: torch.pow(x, a["exponent"])),
    "abs": _unary(lambda x, a: torch.abs(x)),
    "clamp": _unary(lambda x, a: torch.clamp(x, min=a["min"], max=a["max"])),
    "eq": _compare(torch.eq),
    "ne": _compare(torch.ne),
    "lt": _compare(torch.lt),
    "le": _compare(torch.le),
    "gt": _compare(torch.gt),
    "ge": _compare(torch.ge),
    "where": where,
    "conv2d_same": conv2d_same,
}


def _away_from(rng, shape, points, scale=1.0, margin=0.05):
    """Normal values at least ``margin`` away from every point in ``points`` (branch kinks)."""
    x = scale * rng.standard_normal(shape)
    bad = np.zeros(shape, dtype=bool)
    for p in points:
        bad |= np.abs(x - p) < margin
    while bad.any():
        x[bad] = scale * rng.standard_normal(int(bad.sum()))
        bad = np.zeros(shape, dtype=bool)
        for p in points:
            bad |= np.abs(x - p) < margin
    return x.astype(np.float32)


def _case(name, op, shape, attrs, policy=ELEMENTWISE, draw_input=None):
    def make(rng):
        x = draw_input(rng, shape) if draw_input else draw.normal(rng, shape)
        return Spec(dict(attrs), {"input": x})

    return Builder(name, op, policy, make)


def _join(name, op, shapes, dim):
    def make(rng):
        return Spec({"dim": dim}, {f"input{i}": draw.normal(rng, s) for i, s in enumerate(shapes)})

    return Builder(name, op, ELEMENTWISE, make)


def _cmp(name, op, a, b):
    # Small integers, so that equality happens and every comparison is exact in float32.
    def make(rng):
        return Spec(
            {"broadcast": tuple(a) != tuple(b)},
            {
                "input": rng.integers(-2, 3, a).astype(np.float32),
                "other": rng.integers(-2, 3, b).astype(np.float32),
            },
        )

    return Builder(name, op, ELEMENTWISE, make)


def _where(name, c, a, b):
    broadcast = not (tuple(c) == tuple(a) == tuple(b))

    def make(rng):
        cond = (rng.random(c) < 0.5).astype(np.float32)
        return Spec(
            {"broadcast": broadcast},
            {"condition": cond, "input": draw.normal(rng, a), "other": draw.normal(rng, b)},
        )

    # A broadcast operand's gradient is a sum over the expanded dims.
    return Builder(name, "where", REDUCTION if broadcast else ELEMENTWISE, make)


def _distinct(rng, shape):
    return draw.distinct(rng, shape, -3.0, 3.0)


def _positive(rng, shape):
    return draw.uniform(rng, shape, 0.1, 4.0)


def _kinks(*points, scale=1.0):
    return lambda rng, shape: _away_from(rng, shape, points, scale)


def _conv_same(name, x, w, dilation):
    def make(rng):
        fan_in = w[1] * w[2] * w[3]
        inputs = {
            "input": draw.normal(rng, x),
            "weight": draw.fan_in_uniform(rng, w, fan_in),
            "bias": draw.fan_in_uniform(rng, (w[0],), fan_in),
        }
        return Spec({"dilation": dilation, "kernel_size": [w[2], w[3]]}, inputs)

    return Builder(name, "conv2d_same", REDUCTION, make)


CASES = [
    _case("transpose_3d_0_2", "transpose", (2, 3, 4), {"dim0": 0, "dim1": 2}),
    _case("transpose_2d_neg", "transpose", (5, 3), {"dim0": -1, "dim1": -2}),
    _case("permute_nchw_to_nhwc", "permute", (2, 3, 4, 5), {"dims": [0, 2, 3, 1]}),
    _case("permute_3d_rotate", "permute", (3, 4, 2), {"dims": [2, 0, 1]}),
    _case("narrow_dim1", "narrow", (3, 6, 2), {"dim": 1, "start": 2, "length": 3}),
    _case("narrow_neg_start", "narrow", (5, 4), {"dim": 0, "start": -3, "length": 2}),
    _case("select_dim0", "select", (4, 3, 2), {"dim": 0, "index": 2}),
    _case("select_neg", "select", (3, 5), {"dim": -1, "index": -2}),
    _case("slice_step2", "slice", (6, 7), {"dim": 1, "start": 1, "end": 6, "step": 2}),
    _case("slice_neg_clamped", "slice", (8, 3), {"dim": 0, "start": -5, "end": 100, "step": 3}),
    _join("cat_dim0", "cat", [(2, 3), (4, 3), (1, 3)], 0),
    _join("cat_dim1_4d", "cat", [(2, 1, 3, 3), (2, 4, 3, 3)], 1),
    _join("cat_neg_dim", "cat", [(3, 2), (3, 5)], -1),
    _join("stack_dim0", "stack", [(2, 3), (2, 3), (2, 3)], 0),
    _join("stack_last", "stack", [(4, 2), (4, 2)], -1),
    _case("max_dim1", "max_dim", (3, 5, 4), {"dim": 1, "keepdim": False}, draw_input=_distinct),
    _case("max_dim_last_keep", "max_dim", (4, 6), {"dim": -1, "keepdim": True}, draw_input=_distinct),
    _case("min_dim0", "min_dim", (5, 3, 2), {"dim": 0, "keepdim": False}, draw_input=_distinct),
    _case("min_dim_last_keep", "min_dim", (2, 3, 7), {"dim": -1, "keepdim": True}, draw_input=_distinct),
    _case("argmax_dim1", "argmax", (4, 10), {"dim": 1, "keepdim": False}, draw_input=_distinct),
    _case("argmax_dim0_keep", "argmax", (6, 3, 2), {"dim": 0, "keepdim": True}, draw_input=_distinct),
    _case("argmin_dim1", "argmin", (3, 8, 2), {"dim": 1, "keepdim": False}, draw_input=_distinct),
    _case("sigmoid_wide", "sigmoid", (3, 4, 5), {}, draw_input=lambda r, s: draw.normal(r, s, 4.0)),
    _case("tanh_wide", "tanh", (3, 4, 5), {}, draw_input=lambda r, s: draw.normal(r, s, 2.0)),
    _case("leaky_relu_default", "leaky_relu", (4, 10), {"negative_slope": 0.01}, draw_input=_kinks(0)),
    _case("leaky_relu_0.2", "leaky_relu", (2, 3, 4), {"negative_slope": 0.2}, draw_input=_kinks(0)),
    _case("gelu_exact", "gelu", (4, 12), {"approximate": "none"}, draw_input=lambda r, s: draw.normal(r, s, 2.5)),
    _case("gelu_tanh", "gelu", (4, 12), {"approximate": "tanh"}, draw_input=lambda r, s: draw.normal(r, s, 2.5)),
    _case("sqrt_positive", "sqrt", (3, 7), {}, draw_input=_positive),
    _case("pow_square", "pow", (3, 5), {"exponent": 2.0}),
    _case("pow_cube", "pow", (3, 5), {"exponent": 3.0}),
    _case("pow_half", "pow", (3, 5), {"exponent": 0.5}, draw_input=_positive),
    _case("pow_neg_fraction", "pow", (3, 5), {"exponent": -1.5}, draw_input=_positive),
    _case("abs", "abs", (4, 6), {}, draw_input=_kinks(0)),
    _case("clamp_both", "clamp", (5, 6), {"min": -0.5, "max": 0.8}, draw_input=_kinks(-0.5, 0.8)),
    _case("clamp_min_only", "clamp", (5, 6), {"min": 0.25, "max": None}, draw_input=_kinks(0.25)),
    _case("clamp_max_only", "clamp", (5, 6), {"min": None, "max": -0.1}, draw_input=_kinks(-0.1)),
    _cmp("eq_same", "eq", (4, 5), (4, 5)),
    _cmp("ne_bcast", "ne", (3, 4), (4,)),
    _cmp("lt_bcast", "lt", (3, 1), (1, 4)),
    _cmp("le_same", "le", (4, 5), (4, 5)),
    _cmp("gt_bcast", "gt", (2, 3, 4), (3, 1)),
    _cmp("ge_same", "ge", (4, 5), (4, 5)),
    _where("where_same_shape", (3, 4), (3, 4), (3, 4)),
    _where("where_bcast", (3, 1), (1, 4), (3, 4)),
    _conv_same("conv2d_same_k3", (2, 3, 6, 6), (4, 3, 3, 3), [1, 1]),
    _conv_same("conv2d_same_k4_even", (2, 2, 7, 5), (3, 2, 4, 4), [1, 1]),
    _conv_same("conv2d_same_k2x5_dil2", (1, 2, 6, 8), (2, 2, 2, 5), [2, 1]),
]
