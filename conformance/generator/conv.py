"""conv2d: torch.nn.functional.conv2d (cross-correlation, zero padding, groups)."""

import torch.nn.functional as F

from . import _draw as draw
from ._core import REDUCTION, Builder, Spec, autograd


def _pair(v):
    return [v, v] if isinstance(v, int) else list(v)


def conv2d(attrs, inputs, grad_output):
    wrt = [k for k in ("input", "weight", "bias") if k in inputs]
    return autograd(
        lambda t: F.conv2d(
            t["input"],
            t["weight"],
            t.get("bias"),
            stride=attrs["stride"],
            padding=attrs["padding"],
            dilation=attrs["dilation"],
            groups=attrs["groups"],
        ),
        inputs,
        wrt,
        grad_output,
    )


OPS = {"conv2d": conv2d}


def _case(name, n, cin, h, w, cout, k, stride=1, padding=0, dilation=1, groups=1, bias=True):
    kh, kw = _pair(k)

    def make(rng):
        fan_in = cin // groups * kh * kw
        inputs = {
            "input": draw.normal(rng, (n, cin, h, w)),
            "weight": draw.fan_in_uniform(rng, (cout, cin // groups, kh, kw), fan_in),
        }
        if bias:
            inputs["bias"] = draw.normal(rng, (cout,), 0.1)
        attrs = {
            "stride": _pair(stride),
            "padding": _pair(padding),
            "dilation": _pair(dilation),
            "groups": groups,
            "bias": bias,
        }
        return Spec(attrs, inputs)

    return Builder(name, "conv2d", REDUCTION, make)


CASES = [
    _case("conv2d_1x1_bias", 1, 3, 5, 5, 4, 1),
    _case("conv2d_1x1_b4_15to10_nobias", 4, 15, 6, 6, 10, 1, bias=False),
    _case("conv2d_3x3_mnist_1to10_b1", 1, 1, 28, 28, 10, 3, bias=False),
    _case("conv2d_3x3_pad1_bias", 2, 3, 8, 8, 5, 3, padding=1),
    _case("conv2d_3x3_b4_10to10_nobias", 4, 10, 9, 9, 10, 3, bias=False),
    _case("conv2d_3x3_stride2_pad1_b4", 4, 2, 9, 9, 3, 3, stride=2, padding=1),
    _case("conv2d_3x3_stride2_nopad", 2, 3, 10, 10, 4, 3, stride=2, bias=False),
    _case("conv2d_5x5_nopad_bias", 2, 2, 10, 10, 4, 5),
    _case("conv2d_5x5_head_b4_to1x1", 4, 10, 5, 5, 10, 5, bias=False),
    _case("conv2d_5x5_pad2_bias", 1, 3, 7, 7, 2, 5, padding=2),
    _case("conv2d_3x3_dil2", 2, 2, 11, 11, 3, 3, dilation=2),
    _case("conv2d_3x3_dil2_pad2_nobias", 1, 3, 9, 9, 4, 3, padding=2, dilation=2, bias=False),
    _case("conv2d_3x3_groups2_pad1", 2, 4, 6, 6, 6, 3, padding=1, groups=2),
    _case("conv2d_3x3_depthwise_pad1", 2, 4, 7, 7, 4, 3, padding=1, groups=4, bias=False),
    _case("conv2d_3x3_depthwise_mult2", 1, 3, 6, 6, 6, 3, groups=3),
    _case("conv2d_3x3_nonsquare_input_pad1", 2, 3, 7, 11, 4, 3, padding=1),
    _case(
        "conv2d_3x5_kernel_stride2x1_pad1x2", 1, 2, 9, 8, 3, (3, 5), stride=(2, 1), padding=(1, 2)
    ),
    _case("conv2d_3x3_stride2_dil2_pad2", 1, 2, 12, 12, 3, 3, stride=2, padding=2, dilation=2),
]
