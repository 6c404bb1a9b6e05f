package io.jgrad.backend.reference;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.BlasKernels;

/** Reference matrix product: the triple loop, accumulated in double. */
final class RefBlas implements BlasKernels {
  private final RefBackend backend;

  RefBlas(RefBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage matmul(Storage a, Storage b, int m, int k, int n, boolean transA, boolean transB) {
    double[] x = checked("a", a, m, k);
    double[] y = checked("b", b, k, n);
    RefStorage out = backend.allocate(m * n);
    double[] c = out.data;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double av = transA ? x[p * m + i] : x[i * k + p];
          double bv = transB ? y[j * k + p] : y[p * n + j];
          s += av * bv;
        }
        c[i * n + j] = s;
      }
    }
    return out;
  }

  private static double[] checked(String what, Storage s, int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(
          "matmul: negative size " + rows + " x " + cols + " for " + what);
    }
    double[] d = RefStorage.data(s);
    if (d.length != rows * cols) {
      throw new IllegalArgumentException(
          "matmul: "
              + what
              + " must have "
              + rows
              + " x "
              + cols
              + " = "
              + rows * cols
              + " elements, got "
              + d.length);
    }
    return d;
  }
}
