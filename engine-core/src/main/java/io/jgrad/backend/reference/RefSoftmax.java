package io.jgrad.backend.reference;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.SoftmaxKernels;

/**
 * Softmax over the middle axis of [outer, dim, inner]; element {@code (o, d, i)} is at {@code
 * (o*dim + d)*inner + i}. Each slice subtracts its maximum before exponentiating.
 */
final class RefSoftmax implements SoftmaxKernels {
  private final RefBackend backend;

  RefSoftmax(RefBackend backend) {
    this.backend = backend;
  }

  /** softmax: {@code e^(x-m) / Σ e^(x-m)}; log-softmax: {@code x - m - log Σ e^(x-m)}. */
  @Override
  public Storage forward(Storage input, int outer, int dim, int inner, boolean log) {
    double[] x = RefStorage.data(input);
    checkSize("forward input", x.length, outer, dim, inner);
    double[] y = new double[x.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * dim * inner + i;
        double max = Double.NEGATIVE_INFINITY;
        for (int d = 0; d < dim; d++) {
          max = Math.max(max, x[base + d * inner]);
        }
        double sum = 0;
        for (int d = 0; d < dim; d++) {
          sum += Math.exp(x[base + d * inner] - max);
        }
        for (int d = 0; d < dim; d++) {
          double shifted = x[base + d * inner] - max;
          y[base + d * inner] = log ? shifted - Math.log(sum) : Math.exp(shifted) / sum;
        }
      }
    }
    return backend.wrap(y);
  }

  /** softmax: {@code dx = y (g - Σ g y)}; log-softmax: {@code dx = g - e^y Σ g}. */
  @Override
  public Storage backward(
      Storage gradOut, Storage output, int outer, int dim, int inner, boolean log) {
    double[] g = RefStorage.data(gradOut);
    double[] y = RefStorage.data(output);
    checkSize("backward gradOut", g.length, outer, dim, inner);
    checkSize("backward output", y.length, outer, dim, inner);
    double[] dx = new double[g.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * dim * inner + i;
        double dot = 0;
        for (int d = 0; d < dim; d++) {
          int k = base + d * inner;
          dot += log ? g[k] : g[k] * y[k];
        }
        for (int d = 0; d < dim; d++) {
          int k = base + d * inner;
          dx[k] = log ? g[k] - Math.exp(y[k]) * dot : y[k] * (g[k] - dot);
        }
      }
    }
    return backend.wrap(dx);
  }

  /** Throws unless {@code size == outer*dim*inner}. */
  static void checkSize(String what, int size, int outer, int dim, int inner) {
    if ((long) outer * dim * inner != size) {
      throw new IllegalArgumentException(
          "softmax: "
              + what
              + " has "
              + size
              + " elements, expected outer*dim*inner = "
              + outer
              + "*"
              + dim
              + "*"
              + inner);
    }
  }
}
