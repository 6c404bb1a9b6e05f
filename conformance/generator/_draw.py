"""Input drawing helpers shared by the family modules. Every helper returns numpy float32 (or
int64) arrays drawn from the case's own generator, already chosen away from branch boundaries
where the README asks for it."""

import numpy as np


def normal(rng, shape, scale=1.0, mean=0.0):
    return (mean + scale * rng.standard_normal(shape)).astype(np.float32)


def uniform(rng, shape, lo, hi):
    return rng.uniform(lo, hi, shape).astype(np.float32)


def fan_in_uniform(rng, shape, fan_in):
    """PyTorch's default weight init range: U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    bound = 1.0 / np.sqrt(fan_in)
    return uniform(rng, shape, -bound, bound)


def away_from_zero(rng, shape, margin=0.05):
    """Standard normal values with |x| >= margin (relu inputs)."""
    x = rng.standard_normal(shape)
    bad = np.abs(x) < margin
    while bad.any():
        x[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(x) < margin
    return x.astype(np.float32)


def distinct(rng, shape, lo=-3.0, hi=3.0):
    """A random permutation of evenly spaced values in [lo, hi]: pairwise distinct, with gaps of
    (hi-lo)/(n-1) between any two (max-pool inputs, so no window has a tie)."""
    n = int(np.prod(shape))
    return rng.permutation(np.linspace(lo, hi, n)).reshape(shape).astype(np.float32)


def denominators(rng, shape, lo=0.5, hi=2.0):
    """|b| in [lo, hi] with a random sign (div denominators)."""
    sign = np.where(rng.random(shape) < 0.5, -1.0, 1.0)
    return (sign * rng.uniform(lo, hi, shape)).astype(np.float32)


def targets(rng, n, classes):
    return rng.integers(0, classes, n).astype(np.int64)


def log_probs(rng, n, classes, scale=2.0):
    """Rows of log-probabilities (log_softmax of scaled normal logits)."""
    z = scale * rng.standard_normal((n, classes))
    z = z - z.max(axis=1, keepdims=True)
    return (z - np.log(np.exp(z).sum(axis=1, keepdims=True))).astype(np.float32)


def bn_params(rng, c):
    """BatchNorm weight ~ 1 + 0.1 N, bias ~ 0.1 N, running mean ~ 0.1 N, running var ~
    U(0.5, 1.5)."""
    return {
        "weight": normal(rng, (c,), 0.1, 1.0),
        "bias": normal(rng, (c,), 0.1),
        "running_mean": normal(rng, (c,), 0.1),
        "running_var": uniform(rng, (c,), 0.5, 1.5),
    }
