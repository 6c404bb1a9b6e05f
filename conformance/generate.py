#!/usr/bin/python3
"""Generates the PyTorch conformance cases (format: conformance/README.md).

    /usr/bin/python3 conformance/generate.py --out DIR [--seed N] [--only GLOB ...]

writes DIR/manifest.json and DIR/cases/NAME.json. The output depends only on the seed and the
installed torch/torchvision: running it twice gives byte-identical files.

Adding ops and cases (the contract of conformance/generator/)
-------------------------------------------------------------
Every module in conformance/generator/ whose name does not start with "_" is an op family and
is discovered here; nothing else needs editing to add one. A family module defines:

  OPS   = {op_name: evaluate}   evaluate(attrs, inputs, grad_output) -> _core.Outcome
          ``inputs`` maps argument names to torch tensors (float32 inputs arrive as float64 when
          generating, as float32 when conformance/recheck.py re-runs a case); ``grad_output(shape)``
          returns the upstream gradient to use. ``_core.autograd`` does the usual
          forward + backward for differentiable ops.
  CASES = [_core.Builder(name, op, policy, make), ...]
          ``make(rng) -> _core.Spec(attrs, inputs, notes)`` draws the float32/int64 inputs from
          ``rng`` (numpy Generator seeded from --seed and the case name) and chooses them away
          from branch boundaries; ``policy`` is one of the tolerance classes in _core
          (ELEMENTWISE, REDUCTION, MODEL, OPTIMIZER, SCHEDULE).

Case names and op names must be unique over all modules. Modules named "_..." are helpers.
When generating, every checked tensor an evaluate returns must be float64 (it is rounded once, to
float32, by _core). A new op also needs a Java runner: engine-core's CoreOps, or an owning module
declared in ConformanceCoverageTest.OTHER_MODULES (that test fails for a case nobody runs).
"""

import argparse
import fnmatch
import importlib
import json
import os
import pkgutil
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
import torchvision  # noqa: E402

import generator  # noqa: E402
from generator import _core  # noqa: E402

DEFAULT_SEED = 20240601
FORMAT_VERSION = 1


def discover():
    """(ops, builders) over every family module, in module-name order."""
    ops, owner, builders, names = {}, {}, [], set()
    for info in sorted(pkgutil.iter_modules(generator.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module("generator." + info.name)
        if not hasattr(mod, "OPS") or not hasattr(mod, "CASES"):
            raise SystemExit(f"generator/{info.name}.py must define OPS and CASES")
        for op, fn in mod.OPS.items():
            if op in ops:
                raise SystemExit(f"op '{op}' defined by both {owner[op]} and {info.name}")
            ops[op], owner[op] = fn, info.name
        for b in mod.CASES:
            if b.name in names:
                raise SystemExit(f"duplicate case name '{b.name}' (in {info.name})")
            names.add(b.name)
            builders.append(b)
    for b in builders:
        if b.op not in ops:
            raise SystemExit(f"case '{b.name}': op '{b.op}' is in no module's OPS")
    return ops, builders


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, help="output folder (manifest.json, cases/)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--only", nargs="*", help="generate only the cases matching these globs")
    p.add_argument("--variant", default="generated", help="the manifest's 'variant' label")
    args = p.parse_args(argv)

    torch.set_num_threads(1)  # the same float64 sums whatever the machine
    torch.use_deterministic_algorithms(True)
    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}, seed {args.seed}")

    ops, builders = discover()
    if args.only:
        builders = [b for b in builders if any(fnmatch.fnmatch(b.name, g) for g in args.only)]
        if not builders:
            raise SystemExit(f"no case matches {args.only}")
    cases_dir = os.path.join(args.out, "cases")
    os.makedirs(cases_dir, exist_ok=True)
    if not args.only:  # a full run replaces the folder's cases
        for old in os.listdir(cases_dir):
            if old.endswith(".json"):
                os.remove(os.path.join(cases_dir, old))

    counts, entries = {}, []
    for b in builders:
        case = _core.build_case(b, ops[b.op], args.seed)
        with open(os.path.join(cases_dir, b.name + ".json"), "w", encoding="utf-8") as f:
            f.write(_core.dumps(case) + "\n")
        counts[b.op] = counts.get(b.op, 0) + 1
        entries.append({"name": b.name, "op": b.op, "file": f"cases/{b.name}.json"})
    manifest = {
        "format_version": FORMAT_VERSION,
        "variant": args.variant,
        "seed": args.seed,
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__,
        "num_cases": len(entries),
        "counts_per_op": dict(sorted(counts.items())),
        "cases": entries,
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {len(entries)} cases ({len(counts)} ops) to {os.path.abspath(args.out)}")


if __name__ == "__main__":
    main()
