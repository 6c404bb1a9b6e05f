"""rotate: torchvision.transforms.functional.rotate on a [C,H,W] float image (no grads)."""

import math

import numpy as np
import torchvision.transforms.functional as TF
from torchvision.transforms import InterpolationMode

from . import _draw as draw
from ._core import ELEMENTWISE, Builder, Outcome, Spec

AMBIGUOUS = 1e-5  # a nearest sample this close to a rounding boundary is listed, not checked


def rotate(attrs, inputs, grad_output):
    y = TF.rotate(
        inputs["input"],
        attrs["angle"],
        interpolation=InterpolationMode(attrs["interpolation"]),
        expand=attrs["expand"],
        center=attrs["center"],
        fill=list(attrs["fill"]),
    )
    return Outcome(output=y)


OPS = {"rotate": rotate}


def rounding_margins(angle, c, h, w):
    """Per output index, the distance of its sampling coordinates (README "rotate") to the
    nearest rounding boundary k + 1/2, the smaller of x and y."""
    t = math.radians(angle)
    cx, cy = (w - 1) / 2.0, (h - 1) / 2.0
    rows, cols = np.arange(h, dtype=np.float64), np.arange(w, dtype=np.float64)
    i, j = np.meshgrid(rows, cols, indexing="ij")
    x, y = j - cx, i - cy
    sx = math.cos(t) * x - math.sin(t) * y + cx
    sy = math.sin(t) * x + math.cos(t) * y + cy
    dist = lambda s: np.abs(s - 0.5 - np.round(s - 0.5))  # noqa: E731
    d = np.minimum(dist(sx), dist(sy))
    return np.broadcast_to(d, (c, h, w)).ravel()


def _case(interpolation, angle, fill=0.0, suffix=""):
    label = ("m" if angle < 0 else "") + ("%g" % abs(angle))
    name = f"rotate_{interpolation}_{label}{suffix}"
    shape = (1, 28, 28)

    def make(rng):
        attrs = {
            "angle": float(angle),
            "interpolation": interpolation,
            "fill": [float(fill)],
            "center": None,
            "expand": False,
        }
        if interpolation == "nearest":
            d = rounding_margins(angle, *shape)
            attrs["min_rounding_margin"] = float(d.min())
            attrs["ambiguous_indices"] = [int(k) for k in np.nonzero(d < AMBIGUOUS)[0]]
        return Spec(attrs, {"input": draw.uniform(rng, shape, 0.0, 1.0)})

    return Builder(name, "rotate", ELEMENTWISE, make)


CASES = [
    b
    for angle in (-15, -7, 3.5, 7, 15, 90)
    for b in (_case("nearest", angle), _case("bilinear", angle))
] + [_case("bilinear", 10, fill=1.0, suffix="_fill1")]
