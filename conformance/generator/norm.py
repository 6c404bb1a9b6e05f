"""batch_norm2d and batch_norm1d: torch.nn.functional.batch_norm on [N, C, H, W], and on [N, C] or
[N, C, L] (torch.nn.BatchNorm1d), training (batch statistics, running statistics updated) and eval
(running statistics). Both ops are the same call on inputs of a different rank."""

import torch.nn.functional as F

from . import _draw as draw
from ._core import REDUCTION, Builder, Spec, autograd


def batch_norm(attrs, inputs, grad_output):
    wrt = [k for k in ("input", "weight", "bias") if k in inputs]
    training = attrs["training"]
    return autograd(
        lambda t: F.batch_norm(
            t["input"],
            t["running_mean"],
            t["running_var"],
            t.get("weight"),
            t.get("bias"),
            training=training,
            momentum=attrs["momentum"],
            eps=attrs["eps"],
        ),
        inputs,
        wrt,
        grad_output,
        state=("running_mean", "running_var") if training else (),
    )


OPS = {"batch_norm2d": batch_norm, "batch_norm1d": batch_norm}


def _case(name, shape, training=True, affine=True, momentum=0.1, eps=1e-5, mean=0.0, std=1.0):
    op = "batch_norm2d" if len(shape) == 4 else "batch_norm1d"

    def make(rng):
        c = shape[1]
        p = draw.bn_params(rng, c)
        inputs = {"input": draw.normal(rng, shape, std, mean)}
        if affine:
            inputs["weight"], inputs["bias"] = p["weight"], p["bias"]
        inputs["running_mean"], inputs["running_var"] = p["running_mean"], p["running_var"]
        attrs = {"training": training, "affine": affine, "momentum": momentum, "eps": eps}
        return Spec(attrs, inputs)

    return Builder(name, op, REDUCTION, make)


CASES = [
    _case("bn2d_train_affine", (4, 3, 5, 5)),
    _case("bn2d_train_affine_b1", (1, 4, 6, 6)),
    _case("bn2d_train_nonaffine", (2, 5, 4, 4), affine=False),
    # mean 3, std 0.5: a naive E[x^2] - E[x]^2 variance loses most of its digits here.
    _case("bn2d_train_affine_offset_mean3", (4, 2, 6, 6), mean=3.0, std=0.5),
    _case("bn2d_train_affine_b4_c10", (4, 10, 7, 7)),
    _case("bn2d_train_affine_momentum0.2_eps1e-3", (2, 3, 5, 5), momentum=0.2, eps=1e-3),
    _case("bn2d_eval_affine", (2, 3, 4, 4), training=False),
    _case("bn2d_eval_nonaffine", (2, 4, 3, 3), training=False, affine=False),
    _case("bn1d_train_2d", (6, 4)),
    _case("bn1d_train_3d", (3, 5, 7)),
    _case("bn1d_train_offset_mean3", (8, 3), mean=3.0, std=0.5),
    _case("bn1d_eval_2d", (4, 4), training=False),
    _case("bn1d_eval_3d_nonaffine", (2, 3, 5), training=False, affine=False),
]
