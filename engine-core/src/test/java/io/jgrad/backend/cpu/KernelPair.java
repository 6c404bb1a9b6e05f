package io.jgrad.backend.cpu;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.reference.RefBackend;
import io.jgrad.testing.Tolerances;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the CPU-versus-reference tests share: one backend of each kind, seeded float data that both
 * backends receive exactly (the reference widens the same floats), and a comparison.
 */
final class KernelPair {
  /** The fast backend under test. */
  static final CpuBackend CPU = new CpuBackend();

  /** The double-precision oracle. */
  static final RefBackend REF = new RefBackend();

  /** Both backends, for hand-computed cases that must hold on each. */
  static final List<Backend> BOTH = List.of(REF, CPU);

  private KernelPair() {}

  /** {@code n} floats uniform in {@code [lo, hi)}. */
  static float[] uniform(SplittableRandom rng, int n, double lo, double hi) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (lo + (hi - lo) * rng.nextDouble());
    }
    return x;
  }

  /** A buffer on {@code backend} holding {@code values}. */
  static Storage on(Backend backend, float[] values) {
    return backend.memory().fromFloats(values);
  }

  /** A buffer on {@code backend} holding {@code values}. */
  static Storage on(Backend backend, double... values) {
    return backend.memory().fromDoubles(values);
  }

  /** The contents of any buffer as doubles. */
  static double[] values(Storage s) {
    return s.backend().memory().toDoubles(s);
  }

  /** Asserts a CPU result is within tolerance of the reference result. */
  static void assertClose(String what, Storage ref, Storage cpu, double atol, double rtol) {
    Tolerances.assertClose(what, values(ref), values(cpu), atol, rtol);
  }

  /** Asserts {@code actual} holds {@code expected} up to float rounding (rtol 1e-6). */
  static void assertValues(String what, double[] expected, Storage actual) {
    Tolerances.assertClose(
        what + " on " + actual.backend().device(), expected, values(actual), 1e-7, 1e-6);
  }

  /** The largest absolute value, to scale an absolute tolerance. */
  static double maxAbs(double[] x) {
    double m = 0;
    for (double v : x) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
