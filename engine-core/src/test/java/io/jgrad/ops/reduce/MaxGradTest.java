package io.jgrad.ops.reduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.ValuesIndices;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * Float64 gradient checks of max and min over a dim (inputs with distinct values, so the chosen
 * element is stable under the finite-difference step), and indices checked by brute force.
 */
class MaxGradTest {
  /** A random permutation of 0..n-1, scaled: distinct values 0.1 apart. */
  private static double[] distinct(long seed, int n) {
    Generator g = new Generator(seed);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = i * 0.1;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = (int) Math.floor(g.nextDouble() * (i + 1));
      double t = d[i];
      d[i] = d[j];
      d[j] = t;
    }
    return d;
  }

  @Test
  void maxAndMinValues() {
    for (int dim : new int[] {0, 1, -1}) {
      GradCheck.of("max dim " + dim)
          .input("input", Shape.of(3, 4, 5), distinct(1, 60))
          .check(xs -> xs.get(0).max(dim, false).values().exp());
      GradCheck.of("min dim " + dim + " keepdim")
          .input("input", Shape.of(3, 4, 5), distinct(2, 60))
          .check(xs -> xs.get(0).min(dim, true).values().exp());
    }
  }

  @Test
  void indicesPointAtTheExtremes() {
    double[] d = GradCheck.randn(new Generator(3), 4 * 6 * 3);
    Tensor x = Tensors.fromDoubles(d, Shape.of(4, 6, 3), Device.REFERENCE);
    ValuesIndices mx = x.max(1, false);
    ValuesIndices mn = x.min(1, true);
    assertArrayEquals(new int[] {4, 3}, mx.values().shape().dims());
    assertArrayEquals(new int[] {4, 1, 3}, mn.indices().shape().dims());
    double[] argmax = x.argmax(1, false).toDoubleArray();
    double[] argmin = x.argmin(1, false).toDoubleArray();
    for (int o = 0; o < 4; o++) {
      for (int j = 0; j < 3; j++) {
        int hi = 0;
        int lo = 0;
        for (int k = 1; k < 6; k++) {
          hi = d[(o * 6 + k) * 3 + j] > d[(o * 6 + hi) * 3 + j] ? k : hi;
          lo = d[(o * 6 + k) * 3 + j] < d[(o * 6 + lo) * 3 + j] ? k : lo;
        }
        assertEquals(hi, mx.indices().toDoubleArray()[o * 3 + j]);
        assertEquals(d[(o * 6 + hi) * 3 + j], mx.values().toDoubleArray()[o * 3 + j]);
        assertEquals(lo, mn.indices().toDoubleArray()[o * 3 + j]);
        assertEquals(d[(o * 6 + lo) * 3 + j], mn.values().toDoubleArray()[o * 3 + j]);
        assertEquals(hi, argmax[o * 3 + j]);
        assertEquals(lo, argmin[o * 3 + j]);
      }
    }
    assertFalse(x.requiresGrad(true).argmax(0, false).requiresGrad());
  }

  @Test
  void tiesGoToTheFirstIndexAndNanWins() {
    for (Device dev : new Device[] {Device.REFERENCE, Device.CPU}) {
      Tensor t = Tensors.fromDoubles(new double[] {1, 3, 3, 2, Double.NaN, 5}, Shape.of(2, 3), dev);
      ValuesIndices m = t.max(1, false);
      assertArrayEquals(new double[] {1, 1}, m.indices().toDoubleArray(), dev.toString());
      assertEquals(3.0, m.values().toDoubleArray()[0]);
      assertEquals(Double.NaN, m.values().toDoubleArray()[1]);
    }
  }
}
