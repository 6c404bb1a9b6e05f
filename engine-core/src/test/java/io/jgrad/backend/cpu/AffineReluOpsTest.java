package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorOps#affineRelu}, both implementations: bit for bit {@code Math.max(((x - hi) - lo) *
 * scale + shift, 0f)} (the batch-norm affine map followed by the ReLU kernel's operation), NaN and
 * signed zeros included, touching only {@code [from, to)}.
 */
class AffineReluOpsTest {
  private static List<VectorOps> implementations() {
    List<VectorOps> all = new ArrayList<>();
    all.add(Vectorization.plain());
    if (Vectorization.panama() != null) {
      all.add(Vectorization.panama());
    }
    return all;
  }

  @Test
  void randomRangesMatchTheScalarFormula() {
    Random rnd = new Random(41);
    for (VectorOps ops : implementations()) {
      for (int trial = 0; trial < 200; trial++) {
        int n = 1 + rnd.nextInt(300);
        float[] x = CpuConvVsReferenceTest.uniform(rnd, n);
        int from = rnd.nextInt(n);
        int to = from + rnd.nextInt(n - from + 1);
        float hi = rnd.nextFloat() - 0.5f;
        float lo = (rnd.nextFloat() - 0.5f) * 1e-8f;
        float scale = 3 * (rnd.nextFloat() - 0.5f);
        float shift = rnd.nextFloat() - 0.5f;
        check(ops, x, from, to, hi, lo, scale, shift);
      }
    }
  }

  @Test
  void specialValuesMatchMathMax() {
    float[] special = {
      0f,
      -0f,
      1e-45f,
      -1e-45f,
      1f,
      -1f,
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MAX_VALUE,
      -Float.MAX_VALUE
    };
    int n = 5 * special.length + 3;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = special[i % special.length];
    }
    for (VectorOps ops : implementations()) {
      // identity map: the clamp alone sees every special value, -0 included
      check(ops, x, 0, n, 0f, 0f, 1f, 0f);
      check(ops, x, 2, n - 1, 0f, 0f, -1f, 0f);
      float[] y = new float[n];
      ops.affineRelu(x, y, 0, n, 0f, 0f, 1f, 0f);
      assertEquals(0, Float.floatToRawIntBits(y[1]), "-0 becomes +0, simd=" + ops.simd());
      assertTrue(Float.isNaN(y[6]), "NaN is kept, simd=" + ops.simd());
    }
  }

  private static void check(
      VectorOps ops, float[] x, int from, int to, float hi, float lo, float scale, float shift) {
    float[] y = new float[x.length];
    Arrays.fill(y, 42f);
    ops.affineRelu(x, y, from, to, hi, lo, scale, shift);
    for (int i = 0; i < x.length; i++) {
      float want = i < from || i >= to ? 42f : Math.max(((x[i] - hi) - lo) * scale + shift, 0f);
      assertEquals(
          Float.floatToRawIntBits(want),
          Float.floatToRawIntBits(y[i]),
          "x=" + x[i] + " at " + i + " in [" + from + ", " + to + "), simd=" + ops.simd());
    }
  }
}
