package io.jgrad.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import org.junit.jupiter.api.Test;

/** Fans, bounds and moments of the init functions. */
class InitTest {
  @Test
  void fansFollowPyTorch() {
    assertEquals(3 * 5 * 5, Init.fanIn(Shape.of(8, 3, 5, 5)));
    assertEquals(8 * 5 * 5, Init.fanOut(Shape.of(8, 3, 5, 5)));
    assertEquals(7, Init.fanIn(Shape.of(4, 7)));
    assertThrows(IllegalArgumentException.class, () -> Init.fanIn(Shape.of(4)));
  }

  @Test
  void kaimingUniformBoundIsGainTimesSqrtThreeOverFanIn() {
    Tensor t = Tensors.zeros(64, 16, 3, 3);
    Init.kaimingUniform(t, 0, new Generator(1));
    double bound = Math.sqrt(2) * Math.sqrt(3.0 / (16 * 9)); // ReLU gain √2
    double max = 0;
    for (float v : t.toArray()) {
      assertTrue(Math.abs(v) <= bound);
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max > 0.99 * bound, "9216 draws reach the top 1% of the range");
  }

  @Test
  void kaimingNormalAndXavierHaveTheRightSpread() {
    Tensor t = Tensors.zeros(128, 32, 3, 3);
    Init.kaimingNormal(t, 0, new Generator(2));
    double expectedStd = Math.sqrt(2.0 / (32 * 9));
    assertEquals(expectedStd, std(t.toArray()), 0.03 * expectedStd);
    Tensor u = Tensors.zeros(200, 300);
    Init.xavierUniform(u, 1.0, new Generator(3));
    // U(-b, b) has std b/√3 with b = sqrt(6 / (fan_in + fan_out)).
    double xavierStd = Math.sqrt(6.0 / 500) / Math.sqrt(3);
    assertEquals(xavierStd, std(u.toArray()), 0.03 * xavierStd);
  }

  @Test
  void constantsAndReproducibility() {
    assertArrayEquals(new float[] {1, 1}, Init.ones(Tensors.zeros(2)).toArray());
    assertArrayEquals(new float[] {0, 0}, Init.zeros(Tensors.ones(2)).toArray());
    float[] a = Init.uniform(Tensors.zeros(10), -1, 1, new Generator(5)).toArray();
    float[] b = Init.uniform(Tensors.zeros(10), -1, 1, new Generator(5)).toArray();
    assertArrayEquals(a, b);
  }

  private static double std(float[] v) {
    double m = 0;
    for (float x : v) {
      m += x;
    }
    m /= v.length;
    double s = 0;
    for (float x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }
}
