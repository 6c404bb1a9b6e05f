package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.SoftmaxKernels;

/**
 * Softmax over the middle axis of [outer, dim, inner] in float32. The work unit is one outer index
 * times a tile of up to {@link #TILE} inner columns: every pass runs over {@code dim} with an
 * innermost loop across the tile's contiguous columns (a plain row when {@code inner == 1}). Maxima
 * are float, sums are double, and units are split across threads.
 */
final class CpuSoftmax implements SoftmaxKernels {
  /** Inner columns handled together. */
  private static final int TILE = 256;

  /** Elements of work per chunk. */
  private static final int GRAIN = 1 << 14;

  private final CpuBackend backend;

  CpuSoftmax(CpuBackend backend) {
    this.backend = backend;
  }

  /** softmax: {@code e^(x-m) / Σ e^(x-m)}; log-softmax: {@code x - m - log Σ e^(x-m)}. */
  @Override
  public Storage forward(Storage input, int outer, int dim, int inner, boolean log) {
    float[] x = CpuStorage.data(input);
    checkSize("forward input", x.length, outer, dim, inner);
    float[] y = new float[x.length];
    forUnits(
        outer,
        dim,
        inner,
        (base, len, max, sum) -> {
          for (int j = 0; j < len; j++) {
            max[j] = Float.NEGATIVE_INFINITY;
            sum[j] = 0;
          }
          for (int d = 0; d < dim; d++) {
            int row = base + d * inner;
            for (int j = 0; j < len; j++) {
              max[j] = Math.max(max[j], x[row + j]);
            }
          }
          for (int d = 0; d < dim; d++) {
            int row = base + d * inner;
            for (int j = 0; j < len; j++) {
              double ex = Math.exp(x[row + j] - max[j]);
              sum[j] += ex;
              y[row + j] = (float) ex;
            }
          }
          if (log) {
            for (int j = 0; j < len; j++) {
              sum[j] = max[j] + Math.log(sum[j]);
            }
            for (int d = 0; d < dim; d++) {
              int row = base + d * inner;
              for (int j = 0; j < len; j++) {
                y[row + j] = (float) (x[row + j] - sum[j]);
              }
            }
          } else {
            for (int j = 0; j < len; j++) {
              sum[j] = 1.0 / sum[j];
            }
            for (int d = 0; d < dim; d++) {
              int row = base + d * inner;
              for (int j = 0; j < len; j++) {
                y[row + j] = (float) (y[row + j] * sum[j]);
              }
            }
          }
        });
    return backend.adopt(y);
  }

  /** softmax: {@code dx = y (g - Σ g y)}; log-softmax: {@code dx = g - e^y Σ g}. */
  @Override
  public Storage backward(
      Storage gradOut, Storage output, int outer, int dim, int inner, boolean log) {
    float[] g = CpuStorage.data(gradOut);
    float[] y = CpuStorage.data(output);
    checkSize("backward gradOut", g.length, outer, dim, inner);
    checkSize("backward output", y.length, outer, dim, inner);
    float[] dx = new float[g.length];
    forUnits(
        outer,
        dim,
        inner,
        (base, len, unused, dot) -> {
          for (int j = 0; j < len; j++) {
            dot[j] = 0;
          }
          for (int d = 0; d < dim; d++) {
            int row = base + d * inner;
            for (int j = 0; j < len; j++) {
              dot[j] += log ? g[row + j] : (double) g[row + j] * y[row + j];
            }
          }
          for (int d = 0; d < dim; d++) {
            int row = base + d * inner;
            for (int j = 0; j < len; j++) {
              int k = row + j;
              dx[k] =
                  log ? (float) (g[k] - Math.exp(y[k]) * dot[j]) : (float) (y[k] * (g[k] - dot[j]));
            }
          }
        });
    return backend.adopt(dx);
  }

  /** One unit: {@code len} columns starting at flat offset {@code base}, with scratch rows. */
  @FunctionalInterface
  private interface UnitBody {
    void run(int base, int len, float[] scratchF, double[] scratchD);
  }

  /** Runs {@code body} over every (outer, column tile) unit; scratch is allocated per chunk. */
  private static void forUnits(int outer, int dim, int inner, UnitBody body) {
    if (outer == 0 || dim == 0 || inner == 0) {
      return;
    }
    int tile = Math.min(inner, TILE);
    int tiles = (inner + tile - 1) / tile;
    long work = (long) dim * tile;
    Parallel.forChunks(
        outer * tiles,
        (int) Math.max(1, GRAIN / work),
        (s, e) -> {
          float[] scratchF = new float[tile];
          double[] scratchD = new double[tile];
          for (int u = s; u < e; u++) {
            int o = u / tiles;
            int i0 = (u % tiles) * tile;
            body.run(o * dim * inner + i0, Math.min(tile, inner - i0), scratchF, scratchD);
          }
        });
  }

  private static void checkSize(String what, int size, int outer, int dim, int inner) {
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
