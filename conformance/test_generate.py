#!/usr/bin/python3
"""Checks of the conformance generator (needs PyTorch; about a minute):

    /usr/bin/python3 -m unittest discover -s conformance -p 'test_*.py'

It generates the whole set twice and checks that the two are byte-identical, that they hold the
committed set's cases (names, ops, attrs, tolerance classes, tensor keys), that inputs keep away
from branch boundaries, and that the cases re-run within tolerance (float32) and exactly (float64).
"""

import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import recheck  # noqa: E402
from generate import DEFAULT_SEED, discover  # noqa: E402
from generator import _core, model  # noqa: E402

# attrs that depend on the drawn values, not on the case definition
DATA_DEPENDENT_ATTRS = {"min_abs_pre_relu", "min_maxpool_top2_gap"}


def load_set(folder):
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    cases = {}
    for e in manifest["cases"]:
        with open(os.path.join(folder, e["file"]), encoding="utf-8") as f:
            cases[e["name"]] = json.load(f)
    return manifest, cases


def read_tree(folder):
    r = {}
    for root, _, files in os.walk(folder):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                r[os.path.relpath(p, folder)] = fh.read()
    return r


def generate(out, *extra):
    cmd = [sys.executable, os.path.join(HERE, "generate.py"), "--out", out, *extra]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


class PolicyTest(unittest.TestCase):
    def test_round_up_125(self):
        for x, want in [(1.2e-5, 2e-5), (2e-5, 2e-5), (2.1e-5, 5e-5), (5.01e-5, 1e-4), (1e-4, 1e-4),
                        (0.00012, 0.0002), (0.7, 1.0), (3.0, 5.0)]:  # fmt: skip
            self.assertEqual(_core.round_up_125(x), want, x)

    def test_policies_reproduce_the_committed_tolerances(self):
        """Each builder's tolerance class, applied to the committed expected tensors, gives exactly
        the tolerance written in the committed case (base values and every per_tensor entry)."""
        _, builders = discover()
        policy = {b.name: b.policy for b in builders}
        _, cases = load_set(HERE)
        for name, case in cases.items():
            got = policy[name].tolerance(recheck.expected_of(case))
            self.assertEqual(got, case["tolerance"], name)

    def test_encoding(self):
        x = np.array([0.1, -0.0, 1e-30, 3.4e38, -2.5], dtype=np.float32)
        t = _core.encode(x, _core.FLOAT32)
        self.assertEqual(t["data"].tokens[1], "0")
        back = np.array([float(s) for s in t["data"].tokens], dtype=np.float64).astype(np.float32)
        np.testing.assert_array_equal(back, x + 0.0)
        self.assertEqual(_core.encode(np.array([0.1]), _core.FLOAT64)["data"].tokens, ["0.1"])
        with self.assertRaises(ValueError):
            _core.encode(np.array([math.nan], dtype=np.float32), _core.FLOAT32)


def strip(attrs):
    return {k: v for k, v in attrs.items() if k not in DATA_DEPENDENT_ATTRS}


class GeneratedSetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.a = os.path.join(cls.tmp.name, "a")
        cls.b = os.path.join(cls.tmp.name, "b")
        generate(cls.a)
        generate(cls.b)
        cls.manifest, cls.cases = load_set(cls.a)
        cls.committed_manifest, cls.committed = load_set(HERE)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_two_runs_are_byte_identical(self):
        ta, tb = read_tree(self.a), read_tree(self.b)
        self.assertEqual(sorted(ta), sorted(tb))
        for k in ta:
            self.assertEqual(ta[k], tb[k], k)

    def test_manifest(self):
        m = self.manifest
        self.assertEqual(m["torch_version"], torch.__version__)
        self.assertEqual(m["seed"], DEFAULT_SEED)
        self.assertEqual(m["num_cases"], len(self.cases))
        counts = {}
        for c in self.cases.values():
            counts[c["op"]] = counts.get(c["op"], 0) + 1
        self.assertEqual(m["counts_per_op"], counts)
        self.assertEqual(m["counts_per_op"], self.committed_manifest["counts_per_op"])
        self.assertEqual(len(os.listdir(os.path.join(self.a, "cases"))), len(self.cases))

    def test_same_cases_as_the_committed_set(self):
        self.assertEqual(sorted(self.cases), sorted(self.committed))
        for name, old in self.committed.items():
            new = self.cases[name]
            self.assertEqual(list(new), list(old), name + ": keys")
            self.assertEqual(new["op"], old["op"], name)
            self.assertEqual(strip(new["attrs"]), strip(old["attrs"]), name + ": attrs")
            self.assertEqual(list(new["attrs"]), list(old["attrs"]), name + ": attr order")
            for k in ("rtol", "atol"):
                self.assertEqual(new["tolerance"][k], old["tolerance"][k], name)
            self.assertEqual(new.get("notes"), old.get("notes"), name)
            for group in ("inputs", "outputs", "grads", "loss_grads", "state_after"):
                for k in old.get(group, {}):
                    o, n = old[group][k], new[group][k]
                    where = f"{name} {group}.{k}"
                    self.assertEqual((n["dtype"], n["shape"]), (o["dtype"], o["shape"]), where)
            if "output" in old:
                self.assertEqual(new["output"]["shape"], old["output"]["shape"], name)

    def test_values_differ_from_the_committed_set(self):
        old = self.committed["relu_2d"]["inputs"]["input"]["data"]
        self.assertNotEqual(self.cases["relu_2d"]["inputs"]["input"]["data"], old)

    def test_inputs_keep_away_from_branch_boundaries(self):
        for name, c in self.cases.items():
            x = {k: recheck.decode(t) for k, t in c.get("inputs", {}).items()}
            if c["op"] == "relu":
                self.assertGreaterEqual(np.abs(x["input"]).min(), 0.05, name)
            if c["op"] == "max_pool2d":
                v = np.sort(x["input"].ravel().astype(np.float64))
                self.assertGreater(np.diff(v).min(), 1e-3, name)
            if c["op"] == "div":
                self.assertTrue(np.all((np.abs(x["b"]) >= 0.5) & (np.abs(x["b"]) <= 2.0)), name)
            if c["op"] == "pow_tensor":
                base, exponent = np.abs(x["input"]), x["exponent"]
                self.assertTrue(np.all((base >= 0.5) & (base <= 2.0)), name)
                if c["attrs"]["exponent_grad"]:
                    self.assertTrue(np.all(x["input"] > 0), name)
                else:
                    self.assertTrue(np.all(exponent == np.round(exponent)), name)
                    self.assertNotIn("exponent", c["grads"], name)
            if c["op"] == "model":
                tensors = {k: torch.from_numpy(v) for k, v in x.items()}
                relu, pool = model.margins(c["attrs"], tensors)
                self.assertGreater(relu, model.MARGIN, name)
                self.assertGreater(pool, model.MARGIN, name)
                self.assertEqual(relu, c["attrs"]["min_abs_pre_relu"], name)
                self.assertEqual(pool, c["attrs"]["min_maxpool_top2_gap"], name)
            if c["op"] == "rotate" and c["attrs"]["interpolation"] == "nearest":
                self.assertGreater(c["attrs"]["min_rounding_margin"], 0.0, name)

    def test_float64_rerun_reproduces_every_value(self):
        ops, _ = discover()
        for name, c in self.cases.items():
            worst, key, problems = recheck.recheck(c, ops[c["op"]], torch.float64)
            self.assertEqual(problems, [], name)
            self.assertEqual(worst, 0.0, f"{name}: {key}")

    def test_float32_rerun_is_within_tolerance(self):
        ops, _ = discover()
        for name, c in self.cases.items():
            worst, key, problems = recheck.recheck(c, ops[c["op"]], torch.float32)
            self.assertEqual(problems, [], name)
            self.assertLessEqual(worst, 0.5, f"{name}: {key}")

    def test_a_case_does_not_depend_on_the_others(self):
        out = os.path.join(self.tmp.name, "only")
        generate(out, "--only", "relu_2d", "model_7840_eval")
        for name in ("relu_2d", "model_7840_eval"):
            f = os.path.join("cases", name + ".json")
            self.assertEqual(read_tree(out)[f], read_tree(self.a)[f], name)

    def test_seed_changes_the_values(self):
        out = os.path.join(self.tmp.name, "seed")
        generate(out, "--seed", "7", "--only", "relu_2d")
        _, other = load_set(out)
        self.assertEqual(list(other), ["relu_2d"])
        self.assertNotEqual(other["relu_2d"]["inputs"], self.cases["relu_2d"]["inputs"])


class DiscoveryTest(unittest.TestCase):
    def test_every_family_module_is_discovered(self):
        ops, builders = discover()
        modules = sorted(f[:-3] for f in os.listdir(os.path.join(HERE, "generator"))
                         if f.endswith(".py") and not f.startswith("_"))  # fmt: skip
        owners = {fn.__module__.split(".")[-1] for fn in ops.values()}
        self.assertEqual(sorted(owners), modules)
        self.assertTrue(all(b.op in ops for b in builders))


if __name__ == "__main__":
    unittest.main()
