package io.jgrad.testing;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Element-by-element comparison {@code |actual - expected| <= atol + rtol * |expected|} that
 * reports the first mismatch and the worst absolute and relative errors.
 */
public final class Tolerances {
  private Tolerances() {}

  /** The worst errors of one comparison. */
  public record Report(double maxAbs, double maxRel, int mismatches, int firstBad) {}

  /** Compares without failing. */
  public static Report compare(double[] expected, double[] actual, double atol, double rtol) {
    if (expected.length != actual.length) {
      return new Report(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, -1, -1);
    }
    double maxAbs = 0;
    double maxRel = 0;
    int bad = 0;
    int first = -1;
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      double abs = Math.abs(a - e);
      boolean sameSpecial =
          (Double.isNaN(e) && Double.isNaN(a)) || (Double.isInfinite(e) && e == a);
      if (sameSpecial) {
        continue;
      }
      if (Double.isNaN(abs)) {
        abs = Double.POSITIVE_INFINITY;
      }
      maxAbs = Math.max(maxAbs, abs);
      maxRel = Math.max(maxRel, abs / Math.max(Math.abs(e), 1e-30));
      if (!(abs <= atol + rtol * Math.abs(e))) {
        bad++;
        if (first < 0) {
          first = i;
        }
      }
    }
    return new Report(maxAbs, maxRel, bad, first);
  }

  /** Fails with a clear message unless every element is within tolerance. */
  public static void assertClose(
      String what, double[] expected, double[] actual, double atol, double rtol) {
    if (expected.length != actual.length) {
      fail(what + ": expected " + expected.length + " elements, got " + actual.length);
    }
    Report r = compare(expected, actual, atol, rtol);
    if (r.mismatches() > 0) {
      int i = r.firstBad();
      fail(
          String.format(
              "%s: %d of %d elements out of tolerance (atol %.3g, rtol %.3g); first at %d:"
                  + " expected %.9g, got %.9g; worst abs %.3g, worst rel %.3g",
              what,
              r.mismatches(),
              expected.length,
              atol,
              rtol,
              i,
              expected[i],
              actual[i],
              r.maxAbs(),
              r.maxRel()));
    }
  }

  /** Float overload. */
  public static void assertClose(
      String what, double[] expected, float[] actual, double atol, double rtol) {
    assertClose(what, expected, toDoubles(actual), atol, rtol);
  }

  /** Widens floats to doubles. */
  public static double[] toDoubles(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
