package io.jgrad.backend.cpu;

/**
 * The one float micro-kernel every CPU matrix product goes through: {@code C += A · B} where the
 * rows of C and B are separate arrays addressed by the same column index.
 *
 * <p>Why rows as separate arrays: JDK 17's C2 auto-vectorizes {@code c[j] += a * b[j]} only when
 * every array access in the loop uses the same index expression; {@code c[j] += a * b[off + j]}
 * stays scalar. Packing B and C into row arrays (im2col rows, packed GEMM panels) makes every inner
 * loop a plain column sweep that C2 turns into AVX/AVX-512 code. Four B rows per sweep is the sweet
 * spot: one load and store of C per four multiply-adds, while the loop body stays small enough for
 * C2 to unroll and vectorize (six or more rows stop it).
 *
 * <p>Summation order is fixed by the loop structure alone (p in blocks of four, in order), so
 * results do not depend on how callers split the work. {@link #multiplyAddFused} makes one fused
 * multiply-add per term instead, in order of p, which C2 vectorizes as well (as {@code vfmadd}).
 */
final class RowGemm {
  /**
   * Columns per block: the C rows of a block stay in cache while B rows stream through them (the
   * best of 256 to 2048 on the MNIST shapes; short blocks pay the vector loop's scalar tails).
   */
  static final int COL_BLOCK = 2048;

  /**
   * Whether {@link #multiplyAddFused} uses {@code Math.fma}: only where C2 turns it into the
   * hardware instruction ({@code -XX:+UseFMA}, the default on every x86-64 with FMA3 and on
   * AArch64); without it {@code Math.fma} is a software routine many times slower, and the fused
   * products fall back to {@link #multiplyAdd}.
   */
  static final boolean FUSED = hardwareFma();

  private RowGemm() {}

  /**
   * {@link #multiplyAdd} with one fused multiply-add per term, in order of p: {@code c = fma(a_p,
   * b_p[j], c)} for p = 0, 1, ..., k - 1, the arithmetic of the SIMD path's {@code PanamaGemm}, so
   * a product computed both ways from the same operands is the same bit for bit (when {@link
   * #FUSED}).
   */
  static void multiplyAddFused(
      float[][] c,
      int cRow,
      int m,
      float[] a,
      int aOff,
      int aRowStride,
      int aColStride,
      float[][] b,
      int bRow,
      int k,
      int from,
      int to) {
    run(FUSED, c, cRow, m, a, aOff, aRowStride, aColStride, b, bRow, k, from, to);
  }

  /**
   * For {@code i < m} and columns {@code [from, to)}: {@code c[cRow + i][j] += sum over p < k of
   * a[aOff + i * aRowStride + p * aColStride] * b[bRow + p][j]}.
   */
  static void multiplyAdd(
      float[][] c,
      int cRow,
      int m,
      float[] a,
      int aOff,
      int aRowStride,
      int aColStride,
      float[][] b,
      int bRow,
      int k,
      int from,
      int to) {
    run(false, c, cRow, m, a, aOff, aRowStride, aColStride, b, bRow, k, from, to);
  }

  private static void run(
      boolean fused,
      float[][] c,
      int cRow,
      int m,
      float[] a,
      int aOff,
      int aRowStride,
      int aColStride,
      float[][] b,
      int bRow,
      int k,
      int from,
      int to) {
    for (int j0 = from; j0 < to; j0 += COL_BLOCK) {
      int j1 = Math.min(to, j0 + COL_BLOCK);
      int p = 0;
      for (; p + 4 <= k; p += 4) {
        float[] b0 = b[bRow + p];
        float[] b1 = b[bRow + p + 1];
        float[] b2 = b[bRow + p + 2];
        float[] b3 = b[bRow + p + 3];
        for (int i = 0; i < m; i++) {
          int at = aOff + i * aRowStride + p * aColStride;
          float a0 = a[at];
          float a1 = a[at + aColStride];
          float a2 = a[at + 2 * aColStride];
          float a3 = a[at + 3 * aColStride];
          if (fused) {
            fma4(c[cRow + i], b0, b1, b2, b3, a0, a1, a2, a3, j0, j1);
          } else {
            axpy4(c[cRow + i], b0, b1, b2, b3, a0, a1, a2, a3, j0, j1);
          }
        }
      }
      if (fused && k - p == 3) {
        for (int i = 0; i < m; i++) {
          int at = aOff + i * aRowStride + p * aColStride;
          fma3(
              c[cRow + i],
              b[bRow + p],
              b[bRow + p + 1],
              b[bRow + p + 2],
              a[at],
              a[at + aColStride],
              a[at + 2 * aColStride],
              j0,
              j1);
        }
      } else if (fused && k - p == 2) {
        for (int i = 0; i < m; i++) {
          int at = aOff + i * aRowStride + p * aColStride;
          fma2(c[cRow + i], b[bRow + p], b[bRow + p + 1], a[at], a[at + aColStride], j0, j1);
        }
      } else if (fused && k - p == 1) {
        for (int i = 0; i < m; i++) {
          fma1(c[cRow + i], b[bRow + p], a[aOff + i * aRowStride + p * aColStride], j0, j1);
        }
      } else if (k - p == 3) {
        for (int i = 0; i < m; i++) {
          int at = aOff + i * aRowStride + p * aColStride;
          axpy3(
              c[cRow + i],
              b[bRow + p],
              b[bRow + p + 1],
              b[bRow + p + 2],
              a[at],
              a[at + aColStride],
              a[at + 2 * aColStride],
              j0,
              j1);
        }
      } else if (k - p == 2) {
        for (int i = 0; i < m; i++) {
          int at = aOff + i * aRowStride + p * aColStride;
          axpy2(c[cRow + i], b[bRow + p], b[bRow + p + 1], a[at], a[at + aColStride], j0, j1);
        }
      } else if (k - p == 1) {
        for (int i = 0; i < m; i++) {
          axpy1(c[cRow + i], b[bRow + p], a[aOff + i * aRowStride + p * aColStride], j0, j1);
        }
      }
    }
  }

  /** {@code c[j] += a0*b0[j] + a1*b1[j] + a2*b2[j] + a3*b3[j]} for j in [from, to). */
  static void axpy4(
      float[] c,
      float[] b0,
      float[] b1,
      float[] b2,
      float[] b3,
      float a0,
      float a1,
      float a2,
      float a3,
      int from,
      int to) {
    for (int j = from; j < to; j++) {
      c[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
    }
  }

  /** Three-row form of {@link #axpy4}. */
  static void axpy3(
      float[] c,
      float[] b0,
      float[] b1,
      float[] b2,
      float a0,
      float a1,
      float a2,
      int from,
      int to) {
    for (int j = from; j < to; j++) {
      c[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j];
    }
  }

  /** Two-row form of {@link #axpy4}. */
  static void axpy2(float[] c, float[] b0, float[] b1, float a0, float a1, int from, int to) {
    for (int j = from; j < to; j++) {
      c[j] += a0 * b0[j] + a1 * b1[j];
    }
  }

  /** {@code c[j] += a0 * b0[j]} for j in [from, to). */
  static void axpy1(float[] c, float[] b0, float a0, int from, int to) {
    for (int j = from; j < to; j++) {
      c[j] += a0 * b0[j];
    }
  }

  /** {@code c[j] = fma(a3, b3[j], fma(a2, b2[j], fma(a1, b1[j], fma(a0, b0[j], c[j]))))}. */
  static void fma4(
      float[] c,
      float[] b0,
      float[] b1,
      float[] b2,
      float[] b3,
      float a0,
      float a1,
      float a2,
      float a3,
      int from,
      int to) {
    for (int j = from; j < to; j++) {
      float s = Math.fma(a0, b0[j], c[j]);
      s = Math.fma(a1, b1[j], s);
      s = Math.fma(a2, b2[j], s);
      c[j] = Math.fma(a3, b3[j], s);
    }
  }

  /** Three-row form of {@link #fma4}. */
  static void fma3(
      float[] c,
      float[] b0,
      float[] b1,
      float[] b2,
      float a0,
      float a1,
      float a2,
      int from,
      int to) {
    for (int j = from; j < to; j++) {
      float s = Math.fma(a0, b0[j], c[j]);
      s = Math.fma(a1, b1[j], s);
      c[j] = Math.fma(a2, b2[j], s);
    }
  }

  /** Two-row form of {@link #fma4}. */
  static void fma2(float[] c, float[] b0, float[] b1, float a0, float a1, int from, int to) {
    for (int j = from; j < to; j++) {
      c[j] = Math.fma(a1, b1[j], Math.fma(a0, b0[j], c[j]));
    }
  }

  /** {@code c[j] = fma(a0, b0[j], c[j])} for j in [from, to). */
  static void fma1(float[] c, float[] b0, float a0, int from, int to) {
    for (int j = from; j < to; j++) {
      c[j] = Math.fma(a0, b0[j], c[j]);
    }
  }

  private static boolean hardwareFma() {
    try {
      return Boolean.parseBoolean(
          java.lang.management.ManagementFactory.getPlatformMXBean(
                  com.sun.management.HotSpotDiagnosticMXBean.class)
              .getVMOption("UseFMA")
              .getValue());
    } catch (RuntimeException | LinkageError e) {
      return true; // not HotSpot: its Math.fma is assumed to be intrinsic as well
    }
  }
}
