package io.jgrad.ops.elementwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

/** Float64 gradient checks of sqrt, pow, abs, clamp and where; comparisons carry no gradient. */
class PointwiseGradTest {
  private static double[] positive(long seed, int n) {
    double[] d = GradCheck.randn(new Generator(seed), n);
    for (int i = 0; i < n; i++) {
      d[i] = 0.2 + Math.abs(d[i]);
    }
    return d;
  }

  /** Values in [-2, 2] at least 0.05 away from every point in {@code kinks}. */
  private static double[] awayFrom(long seed, int n, double... kinks) {
    Generator g = new Generator(seed);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      double v;
      boolean near;
      do {
        v = g.nextGaussian();
        near = Math.abs(v) > 2;
        for (double k : kinks) {
          near |= Math.abs(v - k) < 0.05;
        }
      } while (near);
      d[i] = v;
    }
    return d;
  }

  @Test
  void sqrt() {
    GradCheck.of("sqrt")
        .input("input", Shape.of(3, 5), positive(1, 15))
        .check(xs -> xs.get(0).sqrt());
  }

  @Test
  void pow() {
    for (double p : new double[] {2, 3, -1}) {
      GradCheck.of("pow " + p)
          .input("input", Shape.of(12), awayFrom(2, 12, 0))
          .check(xs -> xs.get(0).pow(p));
    }
    for (double p : new double[] {0.5, -1.5, 2.7, 0}) {
      GradCheck.of("pow " + p)
          .input("input", Shape.of(3, 4), positive(3, 12))
          .check(xs -> xs.get(0).pow(p));
    }
  }

  @Test
  void abs() {
    GradCheck.of("abs")
        .input("input", Shape.of(4, 5), awayFrom(4, 20, 0))
        .check(xs -> xs.get(0).abs());
  }

  @Test
  void clamp() {
    GradCheck.of("clamp(-0.5, 0.8)")
        .input("input", Shape.of(30), awayFrom(5, 30, -0.5, 0.8))
        .check(xs -> xs.get(0).clamp(-0.5, 0.8));
    GradCheck.of("clamp_min(0.3)")
        .input("input", Shape.of(20), awayFrom(6, 20, 0.3))
        .check(xs -> xs.get(0).clampMin(0.3));
    GradCheck.of("clamp_max(-0.2)")
        .input("input", Shape.of(20), awayFrom(7, 20, -0.2))
        .check(xs -> xs.get(0).clampMax(-0.2));
  }

  @Test
  void whereSendsEachSideItsGradient() {
    Tensor cond =
        Tensors.fromDoubles(new double[] {1, 0, 0, 1, 1, 0}, Shape.of(2, 3), Device.REFERENCE);
    GradCheck.of("where same shape")
        .randomInput("a", new Generator(8), 2, 3)
        .randomInput("b", new Generator(9), 2, 3)
        .check(xs -> Tensors.where(cond, xs.get(0), xs.get(1)).mul(xs.get(0)));
    Tensor row = Tensors.fromDoubles(new double[] {0, 1, 1}, Shape.of(3), Device.REFERENCE);
    GradCheck.of("where broadcast")
        .randomInput("a", new Generator(10), 4, 1)
        .randomInput("b", new Generator(11), 1, 3)
        .check(xs -> Tensors.where(row, xs.get(0), xs.get(1)));
  }

  @Test
  void comparisonsAreZeroOneAndCarryNoGradient() {
    Tensor a =
        Tensors.fromDoubles(new double[] {1, 2, 3, 4}, Shape.of(2, 2), Device.REFERENCE)
            .requiresGrad(true);
    Tensor b = Tensors.fromDoubles(new double[] {2, 2}, Shape.of(2), Device.REFERENCE);
    assertArrayEquals(new double[] {1, 0, 0, 0}, a.lt(b).toDoubleArray());
    assertArrayEquals(new double[] {1, 1, 0, 0}, a.le(b).toDoubleArray());
    assertArrayEquals(new double[] {0, 0, 1, 1}, a.gt(b).toDoubleArray());
    assertArrayEquals(new double[] {0, 1, 1, 1}, a.ge(b).toDoubleArray());
    assertArrayEquals(new double[] {0, 1, 0, 0}, a.eq(b).toDoubleArray());
    assertArrayEquals(new double[] {1, 0, 1, 1}, a.ne(b).toDoubleArray());
    assertArrayEquals(new double[] {0, 0, 1, 1}, a.gt(2.5).toDoubleArray());
    Tensor m = a.gt(b);
    assertFalse(m.requiresGrad());
    assertNull(m.gradFn());
  }
}
