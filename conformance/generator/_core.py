"""Core of the conformance generator: tensor encoding, tolerance policies, case assembly, writing.

Family modules (every non-underscore module of this package) only describe cases: a ``Builder``
draws a case's attributes and float32 inputs from its own seeded generator, and the family's
``OPS[op]`` evaluates the op on those inputs. Everything else (float64 evaluation, rounding once
to float32, tolerances, JSON layout) happens here, once, for every op.
"""

import json
import math
import zlib
from dataclasses import dataclass, field
from typing import Callable, Dict, Optional, Tuple

import numpy as np
import torch

FLOAT32 = "float32"
FLOAT64 = "float64"
INT64 = "int64"

# The groups of checked tensors, in the order they appear in a case file.
CHECKED_GROUPS = ("outputs", "grads", "loss_grads", "state_after")


# ----------------------------------------------------------------------------------------------
# Tolerance policy (conformance/README.md, "Comparison rule")


def round_up_125(x: float) -> float:
    """The smallest value of the form 1, 2 or 5 times 10^k that is >= x (x > 0)."""
    k = math.floor(math.log10(x)) - 1
    while True:
        for m in (1, 2, 5):
            v = float(f"{m}e{k}")
            if v >= x:
                return v
        k += 1


@dataclass(frozen=True)
class Policy:
    """One tolerance class: base (rtol, atol), optionally atol raised per tensor.

    With ``raise_factor`` f, a checked tensor whose largest |value| is M gets its own entry in
    ``per_tensor`` with atol = round_up_125(f * M) when that exceeds the base atol.
    """

    name: str
    rtol: float
    atol: float
    raise_factor: Optional[float] = None

    def tolerance(self, expected: Dict[str, np.ndarray]) -> dict:
        tol = {"rtol": self.rtol, "atol": self.atol}
        per = {}
        if self.raise_factor is not None:
            for key, arr in expected.items():
                if arr.size == 0 or arr.dtype.kind != "f":
                    continue
                raised = round_up_125(self.raise_factor * float(np.max(np.abs(arr))))
                if raised > self.atol:
                    per[key] = {"rtol": self.rtol, "atol": raised}
        if per:
            tol["per_tensor"] = per
        return tol


ELEMENTWISE = Policy("elementwise", 1e-4, 1e-5)
REDUCTION = Policy("reduction", 1e-4, 1e-5, raise_factor=2e-6)
MODEL = Policy("model", 1e-3, 1e-5, raise_factor=1e-4)
OPTIMIZER = Policy("optimizer", 1e-5, 1e-6)
SCHEDULE = Policy("schedule", 1e-6, 1e-12)


# ----------------------------------------------------------------------------------------------
# What family modules provide


@dataclass
class Spec:
    """A drawn case: attributes, inputs (numpy float32 / float64 / int64 arrays), notes."""

    attrs: dict
    inputs: Dict[str, np.ndarray] = field(default_factory=dict)
    notes: Optional[str] = None


@dataclass(frozen=True)
class Builder:
    """One case: its name, op, tolerance class and ``make(rng) -> Spec``."""

    name: str
    op: str
    policy: Policy
    make: Callable[[np.random.Generator], Spec]


@dataclass
class Outcome:
    """What an op evaluation produced; every tensor is checked except grad_output."""

    output: Optional[torch.Tensor] = None
    outputs: Dict[str, torch.Tensor] = field(default_factory=dict)
    grad_output: Optional[torch.Tensor] = None
    grads: Dict[str, torch.Tensor] = field(default_factory=dict)
    loss_grads: Dict[str, torch.Tensor] = field(default_factory=dict)
    state_after: Optional[Dict[str, torch.Tensor]] = None
    out_dtype: str = FLOAT32  # dtype the checked tensors are written in

    def checked(self) -> Dict[str, torch.Tensor]:
        """Every checked tensor under its comparison key."""
        r = {} if self.output is None else {"output": self.output}
        for group in CHECKED_GROUPS:
            for k, v in (getattr(self, group) or {}).items():
                r[f"{group}.{k}"] = v
        return r


GradOutput = Callable[[Tuple[int, ...]], torch.Tensor]
Evaluate = Callable[[dict, Dict[str, torch.Tensor], GradOutput], Outcome]


def autograd(fn, inputs, wrt, grad_output: GradOutput, state=()) -> Outcome:
    """Runs ``fn(leaves)`` on copies of ``inputs`` (those in ``wrt`` require grad), then
    ``output.backward(g)`` with g = grad_output(shape); ``state`` names inputs updated in place."""
    leaves = {k: v.detach().clone().requires_grad_(k in wrt) for k, v in inputs.items()}
    out = fn(leaves)
    g = grad_output(tuple(out.shape))
    out.backward(g)
    return Outcome(
        output=out.detach(),
        grad_output=g,
        grads={k: leaves[k].grad for k in wrt},
        state_after={k: leaves[k].detach() for k in state} if state else None,
    )


# ----------------------------------------------------------------------------------------------
# Encoding and case assembly


class _Numbers:
    """Pre-formatted JSON numbers, written as a flat list."""

    def __init__(self, tokens):
        self.tokens = tokens


def encode(arr: np.ndarray, dtype: str) -> dict:
    """TENSOR: float32 as '%.9g' (round-trips), float64 as the shortest repr, int64 as ints."""
    a = np.asarray(arr)
    if dtype == INT64:
        tokens = [str(int(v)) for v in a.astype(np.int64).ravel()]
    else:
        a = a.astype(np.float32 if dtype == FLOAT32 else np.float64) + 0.0  # -0 becomes 0
        if not np.all(np.isfinite(a)):
            raise ValueError(f"non-finite value in a {dtype} tensor of shape {list(a.shape)}")
        fmt = (lambda v: "%.9g" % v) if dtype == FLOAT32 else repr
        tokens = [fmt(float(v)) for v in a.ravel()]
    return {"dtype": dtype, "shape": [int(d) for d in a.shape], "data": _Numbers(tokens)}


def dumps(v) -> str:
    """Compact JSON with tensor data exactly as encoded."""
    if isinstance(v, _Numbers):
        return "[" + ",".join(v.tokens) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(str(k)) + ":" + dumps(x) for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(dumps(x) for x in v) + "]"
    if isinstance(v, float) and not math.isfinite(v):
        raise ValueError(f"non-finite attribute value {v}")
    if v is None or isinstance(v, (bool, int, float, str)):
        return json.dumps(v)
    if isinstance(v, np.generic):
        return dumps(v.item())
    raise TypeError(f"cannot write {type(v).__name__} into a case")


def dtype_of(a: np.ndarray) -> str:
    if a.dtype == np.float32:
        return FLOAT32
    if a.dtype == np.float64:
        return FLOAT64
    if a.dtype == np.int64:
        return INT64
    raise TypeError(f"input of dtype {a.dtype}: use float32, float64 or int64")


def to_torch(inputs: Dict[str, np.ndarray], compute=torch.float64) -> Dict[str, torch.Tensor]:
    """Inputs as torch tensors: float32 cast to ``compute``, float64 and int64 kept."""
    r = {}
    for k, a in inputs.items():
        t = torch.from_numpy(np.ascontiguousarray(a))
        r[k] = t.to(compute) if a.dtype == np.float32 else t
    return r


def rng_for(seed: int, name: str) -> np.random.Generator:
    """Each case draws from its own stream, so adding or removing a case changes no other."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])


def build_case(b: Builder, evaluate: Evaluate, seed: int) -> dict:
    """Draws, evaluates in float64, rounds once to float32 and assembles the case object."""
    rng = rng_for(seed, b.name)
    spec = b.make(rng)

    def grad_output(shape):
        g = rng.standard_normal(shape).astype(np.float32)
        return torch.from_numpy(np.asarray(g)).to(torch.float64)

    with torch.random.fork_rng():  # an op that draws from torch's generator stays deterministic
        torch.manual_seed(seed)
        out = evaluate(spec.attrs, to_torch(spec.inputs), grad_output)
    dt = out.out_dtype

    def enc(t):  # indices (argmax, max's indices) stay int64; values are rounded to dt
        return encode(t.detach().cpu().numpy(), INT64 if t.dtype == torch.int64 else dt)

    expected = {}
    for key, t in out.checked().items():
        if t is not None and t.dtype == torch.int64:
            expected[key] = t.detach().cpu().numpy()
            continue
        if t is None or t.dtype != torch.float64:
            # the reference is computed in float64 and rounded once, here
            what = "no tensor" if t is None else t.dtype
            raise TypeError(f"case {b.name}: {key} is {what}, expected a float64 tensor")
        expected[key] = t.detach().cpu().numpy().astype(np.float32 if dt == FLOAT32 else np.float64)
    tol = b.policy.tolerance(expected)
    case = {"name": b.name, "op": b.op, "attrs": spec.attrs, "tolerance": tol}
    if spec.notes:
        case["notes"] = spec.notes
    if spec.inputs:
        case["inputs"] = {k: encode(a, dtype_of(a)) for k, a in spec.inputs.items()}
    if out.output is not None:
        case["output"] = enc(out.output)
    if out.outputs:
        case["outputs"] = {k: enc(v) for k, v in out.outputs.items()}
    if out.grad_output is not None:
        case["grad_output"] = encode(out.grad_output.numpy(), FLOAT32)
    for group in ("grads", "loss_grads", "state_after"):
        tensors = getattr(out, group)
        if tensors or (group == "state_after" and tensors is not None):
            case[group] = {k: enc(v) for k, v in tensors.items()}
    return case
