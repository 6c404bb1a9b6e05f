package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jgrad.backend.Storage;
import io.jgrad.backend.params.Conv2dParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The plain-Java path reproduces the Vector API path bit for bit where both run the same arithmetic
 * (fused multiply-adds in tap order): convolution forward and input gradient, and {@link
 * VectorOps#gemm}. Runs only where the Vector API implementation loads (surefire adds the module).
 */
class ConvPathsBitIdentityTest {
  private static VectorOps simd() {
    VectorOps panama = Vectorization.panama();
    assumeTrue(panama != null, "the Vector API implementation is not available in this JVM");
    assumeTrue(RowGemm.FUSED, "this JVM has no fused multiply-add instruction");
    return panama;
  }

  @Test
  void convolutionForwardAndInputGradientAreBitIdentical() {
    CpuBackend fast = new CpuBackend(simd());
    CpuBackend plain = new CpuBackend(Vectorization.plain());
    Random rnd = new Random(7840);
    List<Conv2dParams> configs = new ArrayList<>(CpuConvVsReferenceTest.randomConfigs(rnd, 200));
    configs.addAll(CpuConvVsReferenceTest.mnistShapes(128));
    configs.addAll(CpuConvVsReferenceTest.mnistShapes(19));
    configs.add(CpuConvVsReferenceTest.conv(2, 4, 70, 66, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1));
    configs.add(CpuConvVsReferenceTest.conv(3, 6, 40, 37, 6, 3, 3, 1, 2, 1, 1, 2, 1, 3));
    for (Conv2dParams p : configs) {
      float[] x = spread(rnd, p.inputSize());
      float[] w = spread(rnd, p.weightSize());
      float[] b = rnd.nextBoolean() ? spread(rnd, p.outChannels()) : null;
      float[] gy = spread(rnd, p.outputSize());
      assertBits(
          "forward " + p,
          fast.conv().forward(fast.wrap(x), fast.wrap(w), b == null ? null : fast.wrap(b), p),
          plain.conv().forward(plain.wrap(x), plain.wrap(w), b == null ? null : plain.wrap(b), p));
      assertBits(
          "backwardData " + p,
          fast.conv().backwardData(fast.wrap(gy), fast.wrap(w), p),
          plain.conv().backwardData(plain.wrap(gy), plain.wrap(w), p));
    }
  }

  @Test
  void gemmIsBitIdenticalOnTheColumnsPlainJavaComputes() {
    VectorOps simd = simd();
    VectorOps plain = Vectorization.plain();
    Random rnd = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      int m = 1 + rnd.nextInt(12);
      int k = 1 + rnd.nextInt(40);
      int width = 1 + rnd.nextInt(300);
      int padded = simd.padded(width);
      float[] a = spread(rnd, m * k);
      int[] off = new int[k];
      for (int p = 0; p < k; p++) {
        off[p] = rnd.nextInt(50) + p * 7;
      }
      float[] b = spread(rnd, 50 + 7 * k + padded);
      float[][] c1 = new float[m][padded];
      float[][] c2 = new float[m][padded];
      for (int i = 0; i < m; i++) {
        c1[i] = spread(rnd, padded);
        c2[i] = c1[i].clone();
      }
      simd.gemm(c1, 0, m, a, 0, k, 1, b, off, k, width);
      plain.gemm(c2, 0, m, a, 0, k, 1, b, off, k, width);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < width; j++) {
          assertEquals(
              Float.floatToRawIntBits(c1[i][j]),
              Float.floatToRawIntBits(c2[i][j]),
              "gemm m=" + m + " k=" + k + " width=" + width + " at (" + i + ", " + j + ")");
        }
      }
    }
  }

  /** Values over several magnitudes and both signs, so that a rounding difference shows. */
  private static float[] spread(Random rnd, int size) {
    float[] a = new float[size];
    for (int i = 0; i < size; i++) {
      a[i] = (float) ((rnd.nextDouble() * 2 - 1) * Math.pow(10, rnd.nextInt(5) - 2));
    }
    return a;
  }

  private static void assertBits(String what, Storage expected, Storage actual) {
    float[] e = CpuStorage.data(expected);
    float[] a = CpuStorage.data(actual);
    assertEquals(e.length, a.length, what + ": lengths");
    for (int i = 0; i < e.length; i++) {
      int i0 = i;
      assertEquals(
          Float.floatToRawIntBits(e[i]),
          Float.floatToRawIntBits(a[i]),
          () -> what + ": element " + i0 + " is " + e[i0] + " on SIMD, " + a[i0] + " on plain");
    }
  }
}
