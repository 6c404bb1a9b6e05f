"""lr_schedule (float64): StepLR, MultiStepLR, OneCycleLR (lr and momentum), ReduceLROnPlateau."""

import numpy as np
import torch
from torch.optim import lr_scheduler

from ._core import FLOAT64, SCHEDULE, Builder, Outcome, Spec

EPOCH_NOTE = "lr[0] = initial lr (epoch 0); lr[k] = lr after k calls of scheduler.step() (epoch k)."
ONECYCLE_NOTE = (
    "lr[k], momentum[k] = values in effect for optimizer step k (k=0..total_steps-1); the scheduler"
    " constructor sets step 0, then step() is called after each optimizer step."
)
PLATEAU_NOTE = "lr[0] = initial lr; lr[k+1] = lr after scheduler.step(metrics[k]) (k=0..steps-1)."


def _tensor(values):
    return torch.tensor(values, dtype=torch.float64)


def lr_schedule(attrs, inputs, grad_output):
    a = dict(attrs)
    kind = a.pop("scheduler")
    steps = a.pop("steps")
    lr0 = a.get("lr", a.get("max_lr"))
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr0, momentum=0.9)
    group = opt.param_groups[0]
    if kind == "ReduceLROnPlateau":
        del a["lr"]
        s = lr_scheduler.ReduceLROnPlateau(opt, **a)
        lrs = [group["lr"]]
        for m in inputs["metrics"].tolist():
            s.step(m)
            lrs.append(group["lr"])
        return Outcome(outputs={"lr": _tensor(lrs)}, out_dtype=FLOAT64)
    if kind == "OneCycleLR":
        s = lr_scheduler.OneCycleLR(opt, **a)
        lrs, moms = [group["lr"]], [group["momentum"]]
        for _ in range(steps - 1):
            opt.step()
            s.step()
            lrs.append(group["lr"])
            moms.append(group["momentum"])
        return Outcome(outputs={"lr": _tensor(lrs), "momentum": _tensor(moms)}, out_dtype=FLOAT64)
    del a["lr"]
    s = getattr(lr_scheduler, kind)(opt, **a)
    lrs = [group["lr"]]
    for _ in range(steps):
        opt.step()
        s.step()
        lrs.append(group["lr"])
    return Outcome(outputs={"lr": _tensor(lrs)}, out_dtype=FLOAT64)


OPS = {"lr_schedule": lr_schedule}


def _fixed(name, attrs, note):
    return Builder(name, "lr_schedule", SCHEDULE, lambda rng: Spec(dict(attrs), {}, note))


def _step(lr, step_size, gamma, steps):
    return {"scheduler": "StepLR", "lr": lr, "step_size": step_size, "gamma": gamma, "steps": steps}


def _multistep(lr, milestones, gamma, steps):
    return {"scheduler": "MultiStepLR", "lr": lr, "milestones": milestones, "gamma": gamma,
            "steps": steps}  # fmt: skip


def _onecycle(name, max_lr, total, pct):
    attrs = {
        "scheduler": "OneCycleLR",
        "max_lr": max_lr,
        "total_steps": total,
        "pct_start": pct,
        "anneal_strategy": "cos",
        "three_phase": False,
        "div_factor": 25.0,
        "final_div_factor": 10000.0,
        "cycle_momentum": True,
        "base_momentum": 0.85,
        "max_momentum": 0.95,
        "steps": total,
    }
    return _fixed(name, attrs, ONECYCLE_NOTE)


def plateau_metrics(rng, steps, threshold, sub_threshold):
    """A loss curve: clear improvements (> 30x the threshold), clear regressions and, when
    ``sub_threshold``, improvements below half the relative threshold (bad epochs)."""
    best, out = float("inf"), []
    kinds = ["better", "worse", "tiny"] if sub_threshold else ["better", "worse"]
    p = [0.3, 0.45, 0.25] if sub_threshold else [0.35, 0.65]
    for k in range(steps):
        kind = "better" if k == 0 else kinds[rng.choice(len(kinds), p=p)]
        if kind == "better":
            m = (best if k else 1.0) * (1 - rng.uniform(30, 1500) * threshold)
        elif kind == "worse":
            m = best * (1 + rng.uniform(1e-3, 0.08))
        else:
            m = best * (1 - rng.uniform(0.05, 0.5) * threshold)
        m = round(m, 7)
        if abs(m - best * (1 - threshold)) < 0.01 * threshold * m:
            raise AssertionError(f"metric {m} too close to the improvement threshold")
        if m < best * (1 - threshold):
            best = m
        out.append(m)
    return np.asarray(out, dtype=np.float64)


def _plateau(name, lr, factor, patience, min_lr, steps, sub_threshold):
    attrs = {
        "scheduler": "ReduceLROnPlateau",
        "lr": lr,
        "factor": factor,
        "patience": patience,
        "mode": "min",
        "threshold": 1e-4,
        "threshold_mode": "rel",
        "cooldown": 0,
        "min_lr": min_lr,
        "eps": 1e-8,
        "steps": steps,
    }

    def make(rng):
        metrics = plateau_metrics(rng, steps, attrs["threshold"], sub_threshold)
        return Spec(dict(attrs), {"metrics": metrics}, PLATEAU_NOTE)

    return Builder(name, "lr_schedule", SCHEDULE, make)


CASES = [
    _fixed("steplr_7_0.1", _step(0.1, 7, 0.1, 25), EPOCH_NOTE),
    _fixed("steplr_5_0.5", _step(0.05, 5, 0.5, 20), EPOCH_NOTE),
    _fixed("multisteplr_8_15_22", _multistep(0.1, [8, 15, 22], 0.1, 25), EPOCH_NOTE),
    _onecycle("onecycle_30_0.1_pct0.3", 0.1, 30, 0.3),
    _onecycle("onecycle_25_0.05_pct0.25", 0.05, 25, 0.25),
    _plateau("plateau_f0.1_p2", 0.1, 0.1, 2, 1e-4, 25, False),
    _plateau("plateau_f0.5_p1_threshold", 0.05, 0.5, 1, 1e-3, 22, True),
]
