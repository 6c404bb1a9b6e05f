package io.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Collects the actual values of a case's checked tensors, then compares every expected key with its
 * tolerance and reports the worst absolute and relative error per key. A key the test did not
 * produce fails the case, so nothing expected is silently skipped.
 */
public final class ConformanceChecker {
  private final ConformanceCase c;
  private final Map<String, double[]> actual = new LinkedHashMap<>();
  private final Map<String, int[]> actualShapes = new LinkedHashMap<>();

  /** A checker for {@code c}. */
  public ConformanceChecker(ConformanceCase c) {
    this.c = c;
  }

  /** Records the actual value of {@code key} with its shape. */
  public ConformanceChecker put(String key, int[] shape, double[] values) {
    actual.put(key, values);
    actualShapes.put(key, shape);
    return this;
  }

  /** Records a float-valued result. */
  public ConformanceChecker put(String key, int[] shape, float[] values) {
    return put(key, shape, Tolerances.toDoubles(values));
  }

  /** Compares everything; fails with one line per bad key. */
  public void verify() {
    List<String> problems = new ArrayList<>();
    StringBuilder report = new StringBuilder(c.name()).append(":");
    TreeSet<String> missing = new TreeSet<>(c.expected().keySet());
    missing.removeAll(actual.keySet());
    if (!missing.isEmpty()) {
      problems.add("expected tensors not produced by the test: " + missing);
    }
    for (Map.Entry<String, ConformanceCase.CaseTensor> e : c.expected().entrySet()) {
      double[] got = actual.get(e.getKey());
      if (got == null) {
        continue;
      }
      ConformanceCase.CaseTensor exp = e.getValue();
      if (!java.util.Arrays.equals(exp.shape(), actualShapes.get(e.getKey()))) {
        problems.add(
            e.getKey()
                + ": shape "
                + java.util.Arrays.toString(actualShapes.get(e.getKey()))
                + ", expected "
                + java.util.Arrays.toString(exp.shape()));
        continue;
      }
      ConformanceCase.Tol tol = c.tolerance(e.getKey());
      Tolerances.Report r = Tolerances.compare(exp.data(), got, tol.atol(), tol.rtol());
      report.append(String.format(" %s[abs %.2g rel %.2g]", e.getKey(), r.maxAbs(), r.maxRel()));
      if (r.mismatches() != 0) {
        int i = r.firstBad();
        problems.add(
            String.format(
                "%s: %d elements out of tolerance (rtol %.2g, atol %.2g), first at %d: expected"
                    + " %.9g got %.9g; worst abs %.3g rel %.3g",
                e.getKey(),
                r.mismatches(),
                tol.rtol(),
                tol.atol(),
                i,
                i >= 0 ? exp.data()[i] : Double.NaN,
                i >= 0 ? got[i] : Double.NaN,
                r.maxAbs(),
                r.maxRel()));
      }
    }
    System.out.println(report);
    if (!problems.isEmpty()) {
      fail(c.name() + " (" + c.op() + "):\n  " + String.join("\n  ", problems));
    }
    assertEquals(0, problems.size());
  }
}
