package io.jgrad.backend.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The hand-written erf, which GELU rests on: checked against its defining properties (odd, limits,
 * derivative 2/√π e^(-x²) by central differences, the Taylor series near 0) and against Abramowitz
 * and Stegun's table value erf(1) = 0.8427007929497149.
 */
class PointwiseMathTest {
  @Test
  void erfIsOddAndBounded() {
    for (double x = -7; x <= 7; x += 0.01) {
      assertEquals(-PointwiseMath.erf(x), PointwiseMath.erf(-x), 0.0);
      double e = PointwiseMath.erf(x);
      assertEquals(true, e >= -1 && e <= 1, "erf(" + x + ") = " + e);
    }
    assertEquals(1.0, PointwiseMath.erf(6.5), 0.0);
    assertEquals(0.0, PointwiseMath.erf(0.0), 0.0);
    assertEquals(0.8427007929497149, PointwiseMath.erf(1.0), 1e-15);
  }

  @Test
  void erfDerivativeIsTheGaussian() {
    double h = 1e-5;
    for (double x = -5.5; x <= 5.5; x += 0.05) {
      double numeric = (PointwiseMath.erf(x + h) - PointwiseMath.erf(x - h)) / (2 * h);
      double exact = 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
      assertEquals(exact, numeric, 1e-9, "erf'(" + x + ")");
    }
  }

  @Test
  void erfMatchesItsTaylorSeriesNearZero() {
    for (double x = -0.5; x <= 0.5; x += 0.01) {
      double sum = 0;
      double term = x; // (-1)^n x^(2n+1) / n!
      for (int n = 0; n < 30; n++) {
        sum += term / (2 * n + 1);
        term *= -x * x / (n + 1);
      }
      assertEquals(2 / Math.sqrt(Math.PI) * sum, PointwiseMath.erf(x), 1e-15);
    }
  }
}
