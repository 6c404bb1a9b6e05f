"""model: the 7,840-parameter MNIST network (README "model") in eval and train mode, with the
gradients of sum(output * grad_output) and of the nll loss, and the BN running stats after."""

import torch
import torch.nn.functional as F
from torch import nn

from . import _draw as draw
from ._core import MODEL, Builder, Outcome, Spec

MARGIN = 5e-5  # every pre-ReLU |x| and every positive max-pool top-2 gap must exceed this
MAX_TRIES = 5000
N = 4


def _conv(i, cin, cout, k):
    return {"index": i, "type": "conv2d", "in_channels": cin, "out_channels": cout,
            "kernel_size": [k, k], "stride": [1, 1], "padding": [0, 0], "dilation": [1, 1],
            "groups": 1, "bias": False}  # fmt: skip


def _block(i, cin, cout, k):
    return [
        _conv(i, cin, cout, k),
        {"index": i + 1, "type": "batch_norm2d", "num_features": cout, "eps": 1e-5,
         "momentum": 0.1, "affine": True},  # fmt: skip
        {"index": i + 2, "type": "relu"},
        {"index": i + 3, "type": "dropout", "p": 0.0},
    ]


ARCHITECTURE = (
    _block(0, 1, 10, 3)
    + _block(4, 10, 10, 3)
    + _block(8, 10, 15, 3)
    + [{"index": 12, "type": "max_pool2d", "kernel_size": [2, 2], "stride": [2, 2],
        "padding": [0, 0]}]  # fmt: skip
    + _block(13, 15, 10, 1)
    + _block(17, 10, 10, 3)
    + _block(21, 10, 10, 3)
    + _block(25, 10, 10, 3)
    + [_conv(29, 10, 10, 5)]
)
POST = [{"type": "view", "shape": [-1, 10]}, {"type": "log_softmax", "dim": 1}]
LOSS = {"type": "nll_loss", "reduction": "mean", "input": "output", "target": "target"}
NOTE = (
    "grads = d sum(output*grad_output) / d input_or_param; loss_grads = d nll_loss / d ...;"
    " running_mean/running_var inputs are BN buffers (no grad); dropout p=0 is the identity."
)


def build(architecture):
    layers = []
    for i, s in enumerate(architecture):
        assert s["index"] == i, f"layer {s['index']} at position {i}"
        t = s["type"]
        if t == "conv2d":
            layers.append(nn.Conv2d(s["in_channels"], s["out_channels"], s["kernel_size"],
                                    s["stride"], s["padding"], s["dilation"], s["groups"],
                                    s["bias"]))  # fmt: skip
        elif t == "batch_norm2d":
            layers.append(nn.BatchNorm2d(s["num_features"], s["eps"], s["momentum"], s["affine"]))
        elif t == "relu":
            layers.append(nn.ReLU())
        elif t == "dropout":
            layers.append(nn.Dropout(s["p"]))
        elif t == "max_pool2d":
            layers.append(nn.MaxPool2d(s["kernel_size"], s["stride"], s["padding"]))
        else:
            raise ValueError(f"unknown layer type {t}")
    return nn.Sequential(*layers)


def _load(attrs, inputs):
    net = build(attrs["architecture"]).to(inputs["input"].dtype)
    with torch.no_grad():
        for n, t in list(net.named_parameters()) + list(net.named_buffers()):
            if n in inputs:
                t.copy_(inputs[n])
    net.train(attrs["mode"] == "train")
    return net


def _post(attrs, y):
    for p in attrs["post"]:
        y = y.view(p["shape"]) if p["type"] == "view" else F.log_softmax(y, dim=p["dim"])
    return y


def model(attrs, inputs, grad_output):
    net = _load(attrs, inputs)
    params = dict(net.named_parameters())
    x = inputs["input"].clone().requires_grad_(True)
    out = _post(attrs, net(x))
    loss = F.nll_loss(out, inputs["target"], reduction=attrs["loss"]["reduction"])
    g = grad_output(tuple(out.shape))
    wrt = [x] + list(params.values())
    names = ["input"] + list(params)
    grads = torch.autograd.grad(out, wrt, g, retain_graph=True)
    loss_grads = torch.autograd.grad(loss, wrt)
    state = None
    if attrs["mode"] == "train":
        buffers = net.named_buffers()
        state = {n: b.detach().clone() for n, b in buffers if not n.endswith("num_batches_tracked")}
    return Outcome(
        output=out.detach(),
        outputs={"nll_loss": loss.detach()},
        grad_output=g,
        grads=dict(zip(names, grads)),
        loss_grads=dict(zip(names, loss_grads)),
        state_after=state,
    )


OPS = {"model": model}


def margins(attrs, inputs):
    """(smallest |pre-ReLU value|, smallest top-2 gap of a 2x2 max-pool window with max > 0)."""
    net = _load(attrs, {k: v.double() if v.is_floating_point() else v for k, v in inputs.items()})
    seen = {"relu": [], "pool": []}
    for m in net:
        if isinstance(m, nn.ReLU):
            m.register_forward_hook(lambda mod, i, o: seen["relu"].append(i[0].abs().min().item()))
        if isinstance(m, nn.MaxPool2d):
            m.register_forward_hook(lambda mod, i, o: seen["pool"].append(_top2_gap(i[0])))
    with torch.no_grad():
        net(inputs["input"].double())
    return min(seen["relu"]), min(seen["pool"])


def _top2_gap(x):
    w = x.unfold(2, 2, 2).unfold(3, 2, 2).reshape(-1, 4)
    w = w[w.max(dim=1).values > 0]
    top = w.topk(2, dim=1).values
    return (top[:, 0] - top[:, 1]).min().item()


def _draw_inputs(rng, mode):
    inputs = {"input": draw.normal(rng, (N, 1, 28, 28)), "target": draw.targets(rng, N, 10)}
    for s in ARCHITECTURE:
        i = s["index"]
        if s["type"] == "conv2d":
            k = s["kernel_size"]
            shape = (s["out_channels"], s["in_channels"], k[0], k[1])
            inputs[f"{i}.weight"] = draw.fan_in_uniform(rng, shape, s["in_channels"] * k[0] * k[1])
        elif s["type"] == "batch_norm2d":
            for k, v in draw.bn_params(rng, s["num_features"]).items():
                inputs[f"{i}.{k}"] = v
    if mode == "eval":
        _calibrate(rng, inputs)
    return inputs


def _calibrate(rng, inputs):
    """Eval-mode running stats: the batch statistics of a separate calibration batch."""
    net = build(ARCHITECTURE).double()
    with torch.no_grad():
        for n, t in net.named_parameters():
            t.copy_(torch.from_numpy(inputs[n]))
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = 1.0
    with torch.no_grad():
        net(torch.from_numpy(draw.normal(rng, (16, 1, 28, 28))).double())
    for n, b in net.named_buffers():
        if n in inputs:
            inputs[n] = b.numpy().astype(inputs[n].dtype)


def _case(mode):
    def make(rng):
        base = {"mode": mode, "architecture": ARCHITECTURE, "post": POST, "loss": LOSS,
                "num_parameters": 7840}  # fmt: skip
        for _ in range(MAX_TRIES):
            inputs = _draw_inputs(rng, mode)
            relu, pool = margins(base, {k: torch.from_numpy(v) for k, v in inputs.items()})
            if relu > MARGIN and pool > MARGIN:
                attrs = dict(base, min_abs_pre_relu=relu, min_maxpool_top2_gap=pool)
                return Spec(attrs, inputs, NOTE)
        raise RuntimeError(f"model_{mode}: no draw in {MAX_TRIES} met the {MARGIN} margins")

    return Builder(f"model_7840_{mode}", "model", MODEL, make)


CASES = [_case("eval"), _case("train")]
