package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jgrad.testing.Tolerances;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both {@link VectorOps} implementations against plain double arithmetic: matrix products with
 * every row and column remainder, per-lane dot products, channel sums (with a large mean, where
 * float sums would cancel), ReLU's gradient on special values, strided copies, and Philox draws.
 */
class VectorOpsTest {
  private static List<VectorOps> implementations() {
    List<VectorOps> all = new ArrayList<>();
    all.add(Vectorization.plain());
    if (Vectorization.panama() != null) {
      all.add(Vectorization.panama());
    }
    return all;
  }

  @Test
  void theVectorApiImplementationIsChosenWhenTheModuleIsPresent() {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    assertTrue(Vectorization.panama() != null, "the module is present but PanamaOps did not load");
    assertTrue(Vectorization.best().simd(), Vectorization.describe());
    assertTrue(Vectorization.best().lanes() >= 8);
    assertEquals(0, Vectorization.best().padded(1) % Vectorization.best().lanes());
    assertFalse(Vectorization.plain().simd());
    assertEquals(13, Vectorization.plain().padded(13), "plain Java pads nothing");
  }

  @Test
  void gemmMatchesDoubleArithmeticForEveryRemainder() {
    Random rnd = new Random(3);
    for (VectorOps ops : implementations()) {
      for (int trial = 0; trial < 150; trial++) {
        int m = 1 + rnd.nextInt(12);
        int k = 1 + rnd.nextInt(40);
        int width = 1 + rnd.nextInt(300);
        int padded = ops.padded(width);
        boolean transposed = rnd.nextBoolean();
        int rs = transposed ? 1 : k;
        int cs = transposed ? m : 1;
        float[] a = CpuConvVsReferenceTest.uniform(rnd, m * k + 3);
        // B rows as slices of one buffer at scattered offsets (as convolution taps are)
        int[] off = new int[k];
        for (int p = 0; p < k; p++) {
          off[p] = rnd.nextInt(50) + p * 7;
        }
        float[] b = CpuConvVsReferenceTest.uniform(rnd, 50 + 7 * k + padded);
        float[][] c = new float[m][padded];
        for (float[] row : c) {
          for (int j = 0; j < padded; j++) {
            row[j] = rnd.nextFloat();
          }
        }
        double[][] expected = new double[m][width];
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < width; j++) {
            double s = c[i][j];
            for (int p = 0; p < k; p++) {
              s += (double) a[2 + i * rs + p * cs] * b[off[p] + j];
            }
            expected[i][j] = s;
          }
        }
        ops.gemm(c, 0, m, a, 2, rs, cs, b, off, k, width);
        for (int i = 0; i < m; i++) {
          float[] got = java.util.Arrays.copyOf(c[i], width);
          Tolerances.assertClose(
              "gemm row " + i + " m=" + m + " k=" + k + " width=" + width + " simd=" + ops.simd(),
              expected[i],
              Tolerances.toDoubles(got),
              1e-5 * k,
              1e-5);
        }
      }
    }
  }

  @Test
  void laneDotProductsSumToTheDotProducts() {
    Random rnd = new Random(4);
    for (VectorOps ops : implementations()) {
      for (int trial = 0; trial < 100; trial++) {
        int m = 1 + rnd.nextInt(12);
        int n = 1 + rnd.nextInt(11);
        int width = 1 + rnd.nextInt(200);
        int padded = ops.padded(width);
        float[][] a = new float[m][padded];
        for (float[] row : a) {
          System.arraycopy(CpuConvVsReferenceTest.uniform(rnd, width), 0, row, 0, width);
        }
        int[] off = new int[n];
        for (int q = 0; q < n; q++) {
          off[q] = rnd.nextInt(40);
        }
        float[] b = CpuConvVsReferenceTest.uniform(rnd, 40 + padded);
        int lanes = ops.lanes();
        float[] acc = new float[m * n * lanes];
        acc[0] = 0.25f; // accumulates on top of what is there
        ops.dotLanes(a, 0, m, b, off, n, width, acc);
        ops.dotLanes(a, 0, m, b, off, n, width, acc); // twice: every slot doubles
        for (int i = 0; i < m; i++) {
          for (int q = 0; q < n; q++) {
            double expected = i == 0 && q == 0 ? 0.25 : 0;
            for (int j = 0; j < width; j++) {
              expected += 2.0 * a[i][j] * b[off[q] + j];
            }
            double got = 0;
            for (int l = 0; l < lanes; l++) {
              got += acc[(i * n + q) * lanes + l];
            }
            assertEquals(expected, got, 1e-4 * Math.sqrt(width) + 1e-6, "dot " + i + "," + q);
          }
        }
      }
    }
  }

  @Test
  void channelSumsAreAccurateForLargeMeansAndAnyRunLength() {
    Random rnd = new Random(5);
    for (VectorOps ops : implementations()) {
      for (int trial = 0; trial < 60; trial++) {
        int planes = 1 + rnd.nextInt(9);
        int len = 1 + rnd.nextInt(trial % 3 == 0 ? 5000 : 300);
        int stride = len + rnd.nextInt(20);
        double mean = trial % 2 == 0 ? 0 : 1000;
        float[] x = new float[planes * stride + 5];
        float[] g = new float[x.length];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) (mean + rnd.nextGaussian() * 0.01);
          g[i] = (float) rnd.nextGaussian();
        }
        double center = mean + 0.003;
        float hi = (float) center;
        float lo = (float) (center - hi);
        double s = 0;
        double sd = 0;
        double sdd = 0;
        double sg = 0;
        double sgd = 0;
        for (int n = 0; n < planes; n++) {
          for (int i = 2 + n * stride; i < 2 + n * stride + len; i++) {
            double d = (double) x[i] - center;
            s += x[i];
            sd += d;
            sdd += d * d;
            sg += g[i];
            sgd += g[i] * d;
          }
        }
        String what = "planes=" + planes + " len=" + len + " simd=" + ops.simd();
        int count = planes * len;
        assertEquals(s, ops.sum(x, 2, stride, planes, len), 1e-6 * Math.abs(s) + 1e-4, what);
        double[] out = new double[3];
        ops.centeredSums(x, 2, stride, planes, len, hi, lo, out);
        assertEquals(sd, out[0], 1e-6 * count * 0.01, "sum d " + what);
        assertEquals(sdd, out[1], 1e-4 * sdd + 1e-12, "sum d^2 " + what);
        double[] m = new double[3];
        ops.gradMoments(g, x, 2, stride, planes, len, hi, lo, m);
        assertEquals(sg, m[0], 1e-5 * count, "sum g " + what);
        assertEquals(sgd, m[1], 1e-5 * count * 0.01, "sum g d " + what);
        assertEquals(sd, m[2], 1e-6 * count * 0.01, "sum d (moments) " + what);
      }
    }
  }

  @Test
  void reluGradientPassesExactlyTheGradientWhereTheOutputIsPositive() {
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
    int n = special.length * special.length + 37;
    float[] y = new float[n];
    float[] g = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = special[i % special.length];
      g[i] = special[(i / special.length) % special.length];
    }
    for (VectorOps ops : implementations()) {
      float[] out = new float[n];
      java.util.Arrays.fill(out, 42f);
      ops.reluBackward(y, g, out, 3, n - 2);
      for (int i = 0; i < n; i++) {
        float expected = i < 3 || i >= n - 2 ? 42f : y[i] > 0 ? g[i] : 0f;
        assertEquals(
            Float.floatToRawIntBits(expected),
            Float.floatToRawIntBits(out[i]),
            "y=" + y[i] + " g=" + g[i] + " simd=" + ops.simd());
      }
    }
  }

  @Test
  void gapZeroingCopiesZeroTheGapsAndTouchNothingPastTheLastRun() {
    Random rnd = new Random(7);
    for (VectorOps ops : implementations()) {
      for (int trial = 0; trial < 200; trial++) {
        int len = 1 + rnd.nextInt(trial % 2 == 0 ? 15 : 40);
        int runs = 1 + rnd.nextInt(9);
        int srcPitch = len + rnd.nextInt(5);
        int dstPitch = len + rnd.nextInt(5);
        int tail = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(20); // room after the last run
        float[] src = CpuConvVsReferenceTest.uniform(rnd, 1 + runs * srcPitch + rnd.nextInt(3));
        float[] dst = new float[3 + (runs - 1) * dstPitch + len + tail];
        java.util.Arrays.fill(dst, -5f);
        float[] expected = dst.clone();
        for (int r = 0; r < runs; r++) {
          System.arraycopy(src, 1 + r * srcPitch, expected, 3 + r * dstPitch, len);
          if (r < runs - 1) {
            java.util.Arrays.fill(expected, 3 + r * dstPitch + len, 3 + (r + 1) * dstPitch, 0f);
          }
        }
        ops.copyRunsZeroGaps(src, 1, srcPitch, dst, 3, dstPitch, runs, len);
        assertArrayEquals(
            expected,
            dst,
            "len="
                + len
                + " runs="
                + runs
                + " pitches "
                + srcPitch
                + "/"
                + dstPitch
                + " tail="
                + tail
                + " simd="
                + ops.simd());
      }
    }
  }

  @Test
  void stridedCopiesMoveEveryRunAndNothingElse() {
    Random rnd = new Random(6);
    for (VectorOps ops : implementations()) {
      for (int trial = 0; trial < 80; trial++) {
        int len = 1 + rnd.nextInt(70);
        int runs = 1 + rnd.nextInt(9);
        int srcPitch = len + rnd.nextInt(5);
        int dstPitch = len + rnd.nextInt(5);
        float[] src = CpuConvVsReferenceTest.uniform(rnd, runs * srcPitch + 4);
        float[] dst = new float[runs * dstPitch + 6];
        float[] expected = new float[dst.length];
        java.util.Arrays.fill(dst, -5f);
        java.util.Arrays.fill(expected, -5f);
        for (int r = 0; r < runs; r++) {
          System.arraycopy(src, 1 + r * srcPitch, expected, 3 + r * dstPitch, len);
        }
        ops.copyRuns(src, 1, srcPitch, dst, 3, dstPitch, runs, len);
        assertArrayEquals(expected, dst, "len=" + len + " runs=" + runs + " simd=" + ops.simd());
      }
    }
  }

  @Test
  void dropoutMasksAreTheContractsMaskBitForBit() {
    Random rnd = new Random(8);
    float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, -0f, -3.5f};
    for (VectorOps ops : implementations()) {
      for (int trial = 0; trial < 300; trial++) {
        long key = rnd.nextLong();
        long first = rnd.nextLong() >>> rnd.nextInt(64);
        int from = rnd.nextInt(70);
        int to = from + rnd.nextInt(trial % 10 == 0 ? 3000 : 400);
        double p = trial % 3 == 0 ? rnd.nextInt(1 << 24) * 0x1p-24 : rnd.nextDouble();
        float keepScale = (float) (1 / (1 - p));
        boolean scaled = trial % 4 != 0;
        float[] x = new float[to];
        for (int i = 0; i < to; i++) {
          x[i] = rnd.nextInt(50) == 0 ? specials[rnd.nextInt(4)] : (float) rnd.nextGaussian();
        }
        float[] wantScale = new float[to];
        float[] wantOut = new float[to];
        for (int i = from; i < to; i++) {
          boolean keep = io.jgrad.Philox.uniform(io.jgrad.Philox.word(key, first, i)) >= p;
          wantScale[i] = keep ? keepScale : 0f;
          wantOut[i] = scaled ? x[i] * wantScale[i] : 0f;
        }
        float[] scale = new float[to];
        float[] out = new float[to];
        ops.dropoutMask(
            key,
            first,
            from,
            to,
            io.jgrad.Philox.keepThreshold(p),
            keepScale,
            scale,
            scaled ? x : null,
            scaled ? out : null);
        String what = ops.simd() + " key " + key + " p " + p + " [" + from + ", " + to + ")";
        assertArrayEquals(wantScale, scale, what + " mask");
        assertArrayEquals(wantOut, out, what + " output");
      }
    }
  }
}
