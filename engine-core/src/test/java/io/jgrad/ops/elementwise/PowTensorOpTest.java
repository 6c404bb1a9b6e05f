package io.jgrad.ops.elementwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import org.junit.jupiter.api.Test;

/**
 * {@code pow} with a tensor exponent at the points where PyTorch's rules decide: 0 and negative
 * bases, zero, infinite and NaN exponents, on the reference and CPU backends. Each expected value
 * follows from the rules in {@link PowTensorOp} and C's {@code pow}; torch 1.13 gives the same.
 */
class PowTensorOpTest {
  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;

  // Each column is one case: base a, exponent b, then a^b, d/da and d/db with upstream grad 1.
  private static final double[] A = {0, 0, 0, 0, -2, -2, -2, 2, 1, 0, -1, NAN};
  private static final double[] B = {0, 2, -1, 0.5, 2, 0.5, 0, 3, NAN, INF, INF, 0};
  private static final double[] Y = {1, 0, INF, 0, 4, NAN, 1, 8, 1, 0, 1, 1};
  // b a^(b-1), 0 where b = 0 only: 0^-2 and 0^-0.5 are inf, and inf·0^inf is NaN.
  private static final double[] GA = {0, 0, -INF, INF, -4, NAN, 0, 12, NAN, NAN, INF, 0};
  // a^b ln a, 0 where a = 0 and b >= 0: ln 0 = -inf, ln of a negative base is NaN, ln 1 = 0.
  private static final double[] GB = {
    0, 0, -INF, 0, NAN, NAN, NAN, 8 * Math.log(2), 0, 0, NAN, NAN
  };

  @Test
  void forwardAndBothGradientsFollowPyTorchRules() {
    for (Device d : new Device[] {Device.REFERENCE, Device.CPU}) {
      Tensor a = Tensors.fromDoubles(A, Shape.of(A.length), d).requiresGrad(true);
      Tensor b = Tensors.fromDoubles(B, Shape.of(B.length), d).requiresGrad(true);
      Tensor y = a.pow(b);
      assertSame(d + " a^b", Y, y.toDoubleArray());
      y.sum().backward();
      assertSame(d + " d/da", GA, a.grad().toDoubleArray());
      assertSame(d + " d/db", GB, b.grad().toDoubleArray());
    }
  }

  @Test
  void broadcastsAndSumsGradientsBackToEachShape() {
    // a [2, 1] against b [3]: y[i][j] = a[i]^b[j]; d/da[i] = Σj b[j] a[i]^(b[j]-1) and d/db[j] =
    // Σi a[i]^b[j] ln a[i].
    double[] av = {2, 3};
    double[] bv = {1, 2, 0.5};
    for (Device d : new Device[] {Device.REFERENCE, Device.CPU}) {
      Tensor a = Tensors.fromDoubles(av, Shape.of(2, 1), d).requiresGrad(true);
      Tensor b = Tensors.fromDoubles(bv, Shape.of(3), d).requiresGrad(true);
      Tensor y = a.pow(b);
      assertEquals(Shape.of(2, 3), y.shape());
      double[] want = new double[6];
      double[] ga = new double[2];
      double[] gb = new double[3];
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
          want[3 * i + j] = Math.pow(av[i], bv[j]);
          ga[i] += bv[j] * Math.pow(av[i], bv[j] - 1);
          gb[j] += Math.pow(av[i], bv[j]) * Math.log(av[i]);
        }
      }
      y.sum().backward();
      assertArrayEquals(want, y.toDoubleArray(), 1e-6, d + " a^b");
      assertArrayEquals(ga, a.grad().toDoubleArray(), 1e-5, d + " d/da");
      assertArrayEquals(gb, b.grad().toDoubleArray(), 1e-5, d + " d/db");
    }
  }

  @Test
  void aConstantExponentGetsNoGradient() {
    Tensor a =
        Tensors.fromDoubles(new double[] {1.5, 2}, Shape.of(2), Device.CPU).requiresGrad(true);
    Tensor b = Tensors.fromDoubles(new double[] {2, 3}, Shape.of(2), Device.CPU);
    a.pow(b).sum().backward();
    assertArrayEquals(new double[] {3, 12}, a.grad().toDoubleArray(), 1e-6);
    assertNull(b.grad());
  }

  @Test
  void aConstantExponentFollowsTheSameRuleAtOne() {
    // C's pow (and PyTorch): 1^inf = (-1)^inf = 1, where Java's Math.pow gives NaN.
    for (Device d : new Device[] {Device.REFERENCE, Device.CPU}) {
      Tensor x = Tensors.fromDoubles(new double[] {1, -1, 2}, Shape.of(3), d);
      assertArrayEquals(new double[] {1, 1, INF}, x.pow(INF).toDoubleArray(), 0.0, d.toString());
    }
  }

  /** Equal values, NaN matching NaN and infinities matching by sign; finite values to 1e-6. */
  private static void assertSame(String what, double[] want, double[] got) {
    assertEquals(want.length, got.length, what);
    for (int i = 0; i < want.length; i++) {
      String at = what + " at a=" + A[i] + ", b=" + B[i];
      if (Double.isNaN(want[i]) || Double.isInfinite(want[i])) {
        assertEquals(want[i], got[i], 0.0, at);
      } else {
        assertEquals(want[i], got[i], 1e-6 * Math.max(1, Math.abs(want[i])), at);
      }
    }
  }
}
