package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The host-side half of the rotation kernel (no GPU needed): the parameter block the kernel reads,
 * with the cosine and sine computed exactly as the CPU backend computes them.
 */
class CudaImageParamsTest {
  @Test
  void cosSinPerImageThenTheFill() {
    double[] p = CudaImage.params(new double[] {90, -30}, new double[] {0.25, 1});
    assertEquals(6, p.length);
    double a = Math.toRadians(90);
    double b = Math.toRadians(-30);
    assertArrayEquals(
        new double[] {Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b), 0.25, 1}, p, 0.0);
    assertEquals(-0.5, p[3], 1e-15); // sin(-30 degrees)
  }

  @Test
  void noFillMeansOnlyTheAngles() {
    assertEquals(2, CudaImage.params(new double[] {12}, null).length);
  }
}
