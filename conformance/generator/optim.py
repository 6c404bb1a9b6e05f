"""sgd_steps and adam_steps: torch.optim.SGD / Adam / AdamW run for a few steps with given grads."""

import torch

from . import _draw as draw
from ._core import OPTIMIZER, Builder, Outcome, Spec

SHAPES = {"p0": (3, 4), "p1": (4,), "p2": (2, 1, 3, 3)}
STEPS = 5


def _optimizer(attrs, params):
    kind = attrs["optimizer"]
    if kind == "sgd":
        return torch.optim.SGD(
            params,
            lr=attrs["lr"],
            momentum=attrs["momentum"],
            dampening=attrs["dampening"],
            nesterov=attrs["nesterov"],
            weight_decay=attrs["weight_decay"],
        )
    cls = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[kind]
    return cls(
        params,
        lr=attrs["lr"],
        betas=tuple(attrs["betas"]),
        eps=attrs["eps"],
        weight_decay=attrs["weight_decay"],
        amsgrad=attrs["amsgrad"],
    )


def steps(attrs, inputs, grad_output):
    names = attrs["params"]
    params = {n: torch.nn.Parameter(inputs[n].clone()) for n in names}
    opt = _optimizer(attrs, list(params.values()))
    outputs = {}
    for t in range(1, attrs["steps"] + 1):
        for n, p in params.items():
            p.grad = inputs[f"g{t}.{n}"].clone()
        opt.step()
        for n, p in params.items():
            outputs[f"step{t}.{n}"] = p.detach().clone()
    state = {}
    for n, p in params.items():
        for k in ("momentum_buffer", "exp_avg", "exp_avg_sq"):
            v = opt.state[p].get(k)
            if v is not None:
                state[f"{n}.{k}"] = v.detach().clone()
    return Outcome(outputs=outputs, state_after=state)


OPS = {"sgd_steps": steps, "adam_steps": steps}


def _make(attrs, small_p1_grads):
    def make(rng):
        inputs = {n: draw.normal(rng, s) for n, s in SHAPES.items()}
        for t in range(1, STEPS + 1):
            for n, s in SHAPES.items():
                # Adam: p1's gradients are tiny, so eps is not negligible against sqrt(v).
                scale = 0.01 if small_p1_grads and n == "p1" else 1.0
                inputs[f"g{t}.{n}"] = draw.normal(rng, s, scale)
        return Spec(dict(attrs, steps=STEPS, params=list(SHAPES)), inputs)

    return make


def _sgd(name, lr, momentum=0.0, nesterov=False, weight_decay=0.0):
    attrs = {
        "optimizer": "sgd",
        "lr": lr,
        "momentum": momentum,
        "dampening": 0.0,
        "nesterov": nesterov,
        "weight_decay": weight_decay,
    }
    return Builder(name, "sgd_steps", OPTIMIZER, _make(attrs, False))


def _adam(name, kind, lr, weight_decay=0.0):
    attrs = {
        "optimizer": kind,
        "lr": lr,
        "betas": [0.9, 0.999],
        "eps": 1e-8,
        "weight_decay": weight_decay,
        "amsgrad": False,
    }
    return Builder(name, "adam_steps", OPTIMIZER, _make(attrs, True))


CASES = [
    _sgd("sgd_momentum0.9", 0.05, momentum=0.9),
    _sgd("sgd_nesterov", 0.05, momentum=0.9, nesterov=True),
    _sgd("sgd_momentum0.9_wd5e-4", 0.1, momentum=0.9, weight_decay=5e-4),
    _sgd("sgd_nesterov_wd5e-4", 0.01, momentum=0.9, nesterov=True, weight_decay=5e-4),
    _sgd("sgd_plain", 0.1),
    _adam("adam_default", "adam", 1e-3),
    _adam("adam_l2_wd5e-4", "adam", 0.01, weight_decay=5e-4),
    _adam("adamw_wd1e-2", "adamw", 0.01, weight_decay=0.01),
]
