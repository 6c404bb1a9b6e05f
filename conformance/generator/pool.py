"""max_pool2d, avg_pool2d, adaptive_avg_pool2d."""

import torch.nn.functional as F

from . import _draw as draw
from ._core import ELEMENTWISE, REDUCTION, Builder, Spec, autograd


def _pair(v):
    return [v, v] if isinstance(v, int) else list(v)


def max_pool2d(attrs, inputs, grad_output):
    return autograd(
        lambda t: F.max_pool2d(
            t["input"],
            attrs["kernel_size"],
            attrs["stride"],
            attrs["padding"],
            attrs.get("dilation", [1, 1]),
            ceil_mode=attrs.get("ceil_mode", False),
        ),
        inputs,
        ["input"],
        grad_output,
    )


def avg_pool2d(attrs, inputs, grad_output):
    return autograd(
        lambda t: F.avg_pool2d(
            t["input"],
            attrs["kernel_size"],
            attrs["stride"],
            attrs["padding"],
            ceil_mode=attrs.get("ceil_mode", False),
            count_include_pad=attrs.get("count_include_pad", True),
        ),
        inputs,
        ["input"],
        grad_output,
    )


def adaptive_avg_pool2d(attrs, inputs, grad_output):
    return autograd(
        lambda t: F.adaptive_avg_pool2d(t["input"], attrs["output_size"]),
        inputs,
        ["input"],
        grad_output,
    )


OPS = {
    "max_pool2d": max_pool2d,
    "avg_pool2d": avg_pool2d,
    "adaptive_avg_pool2d": adaptive_avg_pool2d,
}


def _max(name, shape, k, s, p=0):
    def make(rng):
        attrs = {
            "kernel_size": _pair(k),
            "stride": _pair(s),
            "padding": _pair(p),
            "dilation": [1, 1],
            "ceil_mode": False,
        }
        # Pairwise distinct values with wide gaps: no window has a tie for its maximum.
        return Spec(attrs, {"input": draw.distinct(rng, shape)})

    return Builder(name, "max_pool2d", ELEMENTWISE, make)


def _avg(name, shape, k, s, p=0):
    def make(rng):
        attrs = {
            "kernel_size": _pair(k),
            "stride": _pair(s),
            "padding": _pair(p),
            "ceil_mode": False,
            "count_include_pad": True,
        }
        return Spec(attrs, {"input": draw.normal(rng, shape)})

    return Builder(name, "avg_pool2d", ELEMENTWISE, make)


def _adaptive(name, shape, out):
    def make(rng):
        return Spec({"output_size": _pair(out)}, {"input": draw.normal(rng, shape)})

    return Builder(name, "adaptive_avg_pool2d", REDUCTION, make)


CASES = [
    _max("maxpool2d_k2s2", (2, 3, 8, 8), 2, 2),
    _max("maxpool2d_k3s2p1", (1, 4, 9, 9), 3, 2, 1),
    _max("maxpool2d_k2s2_odd_input", (2, 2, 7, 7), 2, 2),
    _max("maxpool2d_k3s1", (2, 2, 6, 6), 3, 1),
    _max("maxpool2d_k2s2_c15", (2, 15, 10, 10), 2, 2),
    _max("maxpool2d_k2x3_s2_p0x1", (1, 3, 8, 9), (2, 3), 2, (0, 1)),
    _avg("avgpool2d_k2s2", (2, 3, 8, 8), 2, 2),
    _avg("avgpool2d_k3s1p1", (1, 2, 7, 7), 3, 1, 1),
    _avg("avgpool2d_k3s2p1", (2, 3, 9, 9), 3, 2, 1),
    _avg("avgpool2d_k3s3", (1, 3, 9, 9), 3, 3),
    _adaptive("adaptive_avgpool2d_1x1_c10", (2, 10, 5, 5), 1),
    _adaptive("adaptive_avgpool2d_1x1_7x7", (4, 3, 7, 7), 1),
    _adaptive("adaptive_avgpool2d_2x2_6x6", (2, 3, 6, 6), 2),
    _adaptive("adaptive_avgpool2d_2x2_7x7", (1, 4, 7, 7), 2),
    _adaptive("adaptive_avgpool2d_2x2_5x7", (2, 3, 5, 7), 2),
]
