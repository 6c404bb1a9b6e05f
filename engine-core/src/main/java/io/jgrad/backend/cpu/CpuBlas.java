package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.BlasKernels;
import java.util.Arrays;

/**
 * Multithreaded float32 GEMM for every transpose combination. op(B) is packed once per call into
 * row arrays (a fresh array shared read-only by the tasks), then tiles of {@link #ROW_TILE} rows by
 * {@link #COL_TILE} columns of C run in parallel through {@link RowGemm}: each C element is summed
 * over k in the same order whatever the tiling or thread count. When C is tall and narrow, C^T =
 * op(B)^T op(A)^T is computed instead so the vectorized sweep runs along the long side.
 */
final class CpuBlas implements BlasKernels {
  /** Rows of C per task: each packed B block is reused by this many rows from L1. */
  static final int ROW_TILE = 16;

  /** Columns of C per task. */
  static final int COL_TILE = 1024;

  /** Below this width a tall C is computed transposed. */
  static final int NARROW = 64;

  private final CpuBackend backend;

  CpuBlas(CpuBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage matmul(Storage a, Storage b, int m, int k, int n, boolean transA, boolean transB) {
    float[] x = checked("a", a, m, k);
    float[] y = checked("b", b, k, n);
    return backend.adopt(multiply(x, y, m, k, n, transA, transB));
  }

  /** C = op(A) op(B) as a new row-major [m, n] array. */
  static float[] multiply(
      float[] a, float[] b, int m, int k, int n, boolean transA, boolean transB) {
    if (n < NARROW && m > n) {
      float[] ct = multiply(b, a, n, k, m, !transB, !transA);
      float[] c = new float[m * n];
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
          c[i * n + j] = ct[j * m + i];
        }
      }
      return c;
    }
    float[] c = new float[m * n];
    if (m == 0 || n == 0 || k == 0) {
      return c;
    }
    float[][] packed = pack(b, k, n, transB);
    int rowTiles = (m + ROW_TILE - 1) / ROW_TILE;
    int colTiles = (n + COL_TILE - 1) / COL_TILE;
    int aRowStride = transA ? 1 : k;
    int aColStride = transA ? m : 1;
    Parallel.forChunks(
        rowTiles * colTiles,
        1,
        (s, e) -> {
          for (int t = s; t < e; t++) {
            int i0 = (t / colTiles) * ROW_TILE;
            int rows = Math.min(ROW_TILE, m - i0);
            int j0 = (t % colTiles) * COL_TILE;
            int j1 = Math.min(n, j0 + COL_TILE);
            float[][] acc = Scratch.get().rows(Scratch.PRODUCT, rows, n);
            for (int i = 0; i < rows; i++) {
              Arrays.fill(acc[i], j0, j1, 0f);
            }
            RowGemm.multiplyAdd(
                acc, 0, rows, a, i0 * aRowStride, aRowStride, aColStride, packed, 0, k, j0, j1);
            for (int i = 0; i < rows; i++) {
              System.arraycopy(acc[i], j0, c, (i0 + i) * n + j0, j1 - j0);
            }
          }
        });
    return c;
  }

  /** op(B) as k rows of n floats; B is [k, n], or [n, k] when transposed. */
  private static float[][] pack(float[] b, int k, int n, boolean transB) {
    float[][] rows = new float[k][n];
    int grain = 16;
    Parallel.forChunks(
        k,
        grain,
        (s, e) -> {
          if (!transB) {
            for (int p = s; p < e; p++) {
              System.arraycopy(b, p * n, rows[p], 0, n);
            }
            return;
          }
          for (int j = 0; j < n; j++) {
            int at = j * k;
            for (int p = s; p < e; p++) {
              rows[p][j] = b[at + p];
            }
          }
        });
    return rows;
  }

  private static float[] checked(String what, Storage s, int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(
          "matmul: negative size " + rows + " x " + cols + " for " + what);
    }
    if (s == null) {
      throw new IllegalArgumentException("matmul: " + what + " is null");
    }
    float[] d = CpuStorage.data(s);
    if ((long) rows * cols != d.length) {
      throw new IllegalArgumentException(
          "matmul: "
              + what
              + " must have "
              + rows
              + " x "
              + cols
              + " = "
              + (long) rows * cols
              + " elements, got "
              + d.length);
    }
    return d;
  }
}
