#!/usr/bin/python3
"""Re-runs conformance cases from their JSON with PyTorch and checks them against their tolerances.

    /usr/bin/python3 conformance/recheck.py [--cases DIR] [--dtype float32|float64] [--only GLOB..]

Each case's inputs and grad_output are read back from the JSON and the case's op is evaluated by
the same generator/ family code that generated it: in float32 (default) this is PyTorch's own
float32 arithmetic, which must stay within the tolerance; in float64 it must reproduce the
expected values exactly (ratio 0). Prints, per case, the worst |actual - expected| / (atol + rtol
* |expected|) and its key, and exits 1 when a ratio exceeds 1 or a tensor is missing.
"""

import argparse
import fnmatch
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from generate import discover  # noqa: E402
from generator import _core  # noqa: E402


def decode(t):
    """A TENSOR object as a numpy array of its dtype."""
    dt = {"float32": np.float32, "float64": np.float64, "int64": np.int64}[t["dtype"]]
    raw = np.asarray(t["data"], dtype=np.int64 if dt == np.int64 else np.float64)
    return raw.astype(dt).reshape(t["shape"])


def expected_of(case):
    r = {"output": case["output"]} if "output" in case else {}
    for group in _core.CHECKED_GROUPS:
        for k, t in case.get(group, {}).items():
            r[f"{group}.{k}"] = t
    return {k: decode(t) for k, t in r.items()}


def tolerance(case, key):
    tol = case["tolerance"].get("per_tensor", {}).get(key, case["tolerance"])
    return tol["rtol"], tol["atol"]


def recheck(case, evaluate, compute):
    """(worst ratio, its key, problems) of one case re-run in ``compute`` dtype."""
    inputs = _core.to_torch({k: decode(t) for k, t in case.get("inputs", {}).items()}, compute)
    g_json = case.get("grad_output")

    def grad_output(shape):
        g = decode(g_json)
        if tuple(g.shape) != tuple(shape):
            raise ValueError(f"grad_output shape {list(g.shape)} != output shape {list(shape)}")
        return torch.from_numpy(g).to(compute)

    out = evaluate(case["attrs"], inputs, grad_output).checked()
    expected = expected_of(case)
    problems = [f"missing {k}" for k in expected if k not in out]
    problems += [f"unexpected {k}" for k in out if k not in expected]
    skip = set(case["attrs"].get("ambiguous_indices", []))
    worst, worst_key = 0.0, None
    for key, e in expected.items():
        if key not in out:
            continue
        a = out[key].detach().to(torch.float64).numpy()
        if a.shape != e.shape:
            problems.append(f"{key}: shape {list(a.shape)} != {list(e.shape)}")
            continue
        rtol, atol = tolerance(case, key)
        e64 = e.astype(np.float64)
        if e.dtype == np.float32:
            a = a.astype(np.float32).astype(np.float64)  # the written value is float32
        ratio = (np.abs(a - e64) / (atol + rtol * np.abs(e64))).ravel()
        if key == "output" and skip:
            ratio[list(skip)] = 0.0
        r = float(ratio.max()) if ratio.size else 0.0
        if r > worst:
            worst, worst_key = r, key
    return worst, worst_key, problems


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", default=here, help="folder holding cases/ (default: conformance/)")
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    p.add_argument("--only", nargs="*", help="re-check only the cases matching these globs")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    compute = torch.float32 if args.dtype == "float32" else torch.float64
    ops, _ = discover()
    folder = os.path.join(args.cases, "cases")
    names = sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".json"))
    if args.only:
        names = [n for n in names if any(fnmatch.fnmatch(n, g) for g in args.only)]
    failed, overall = [], 0.0
    for name in names:
        with open(os.path.join(folder, name + ".json"), encoding="utf-8") as f:
            case = json.load(f)
        if case["op"] not in ops:
            failed.append(name)
            print(f"{name}: op '{case['op']}' has no evaluator in generator/")
            continue
        worst, key, problems = recheck(case, ops[case["op"]], compute)
        overall = max(overall, worst)
        bad = worst > 1.0 or problems
        detail = "".join("; " + p for p in problems)
        print(f"{name}: worst {worst:.3g} of tolerance ({key}){detail}")
        if bad:
            failed.append(name)
    print(
        f"{len(names)} cases re-run in {args.dtype}: worst {overall:.3g} of tolerance;"
        f" {len(failed)} failed {failed}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
