package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.IndexKernels;

/**
 * Strided copies and arg-max on float32 buffers. A strided copy walks the outer dims with an
 * odometer and moves each innermost run with one {@code arraycopy} when its stride is 1; rows are
 * split across {@link Parallel}.
 */
final class CpuIndex implements IndexKernels {
  /** Elements per chunk. */
  private static final int GRAIN = 1 << 15;

  private final CpuBackend backend;

  CpuIndex(CpuBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage gather(Storage x, int offset, int[] dims, int[] strides) {
    float[] in = CpuStorage.data(x);
    int n = IndexKernels.checkView("gather", in.length, offset, dims, strides);
    CpuStorage out = backend.uninitialized(n);
    copy(in, out.data, offset, dims, strides, true);
    return out;
  }

  @Override
  public void scatter(Storage src, Storage dst, int offset, int[] dims, int[] strides) {
    float[] in = CpuStorage.data(src);
    float[] out = CpuStorage.data(dst);
    int n = IndexKernels.checkView("scatter", out.length, offset, dims, strides);
    if (n != in.length) {
      throw new IllegalArgumentException(
          "scatter: source has " + in.length + " elements but the view holds " + n);
    }
    copy(out, in, offset, dims, strides, false);
  }

  /**
   * Moves elements between the strided view of {@code strided} and the contiguous {@code dense}:
   * view to dense when {@code read}, else dense to view.
   */
  private static void copy(
      float[] strided, float[] dense, int offset, int[] dims, int[] strides, boolean read) {
    if (dense.length == 0) {
      return;
    }
    int rank = dims.length;
    if (rank == 0) {
      if (read) {
        dense[0] = strided[offset];
      } else {
        strided[offset] = dense[0];
      }
      return;
    }
    int run = dims[rank - 1];
    int step = strides[rank - 1];
    int outer = rank - 1;
    int rows = dense.length / run;
    Parallel.forChunks(
        rows,
        Math.max(1, GRAIN / run),
        (start, end) -> {
          int[] idx = new int[outer];
          int rest = start;
          int off = offset;
          for (int d = outer - 1; d >= 0; d--) {
            idx[d] = rest % dims[d];
            rest /= dims[d];
            off += idx[d] * strides[d];
          }
          for (int r = start; r < end; r++) {
            int base = r * run;
            if (step == 1) {
              if (read) {
                System.arraycopy(strided, off, dense, base, run);
              } else {
                System.arraycopy(dense, base, strided, off, run);
              }
            } else if (read) {
              for (int k = 0, s = off; k < run; k++, s += step) {
                dense[base + k] = strided[s];
              }
            } else {
              for (int k = 0, s = off; k < run; k++, s += step) {
                strided[s] = dense[base + k];
              }
            }
            for (int d = outer - 1; d >= 0; d--) {
              off += strides[d];
              if (++idx[d] < dims[d]) {
                break;
              }
              off -= idx[d] * strides[d];
              idx[d] = 0;
            }
          }
        });
  }

  @Override
  public Storage[] maxAlong(Storage x, int outer, int size, int inner) {
    float[] in = CpuStorage.data(x);
    IndexKernels.checkAlong("max", in.length, outer, size, inner);
    CpuStorage values = backend.uninitialized(outer * inner);
    CpuStorage indices = backend.uninitialized(outer * inner);
    float[] v = values.data;
    float[] ix = indices.data;
    Parallel.forChunks(
        outer,
        Math.max(1, GRAIN / (size * Math.max(inner, 1))),
        (start, end) -> {
          for (int o = start; o < end; o++) {
            int base = o * size * inner;
            for (int j = 0; j < inner; j++) {
              v[o * inner + j] = in[base + j];
              ix[o * inner + j] = 0;
            }
            // Row by row keeps the reads contiguous; a NaN, once taken, is never replaced.
            for (int k = 1; k < size; k++) {
              int row = base + k * inner;
              for (int j = 0; j < inner; j++) {
                float best = v[o * inner + j];
                float c = in[row + j];
                if (c > best || (c != c && best == best)) {
                  v[o * inner + j] = c;
                  ix[o * inner + j] = k;
                }
              }
            }
          }
        });
    return new Storage[] {values, indices};
  }

  @Override
  public Storage maxAlongBackward(Storage g, Storage indices, int outer, int size, int inner) {
    float[] gg = CpuStorage.data(g);
    float[] idx = CpuStorage.data(indices);
    if (gg.length != outer * inner || idx.length != outer * inner) {
      throw new IllegalArgumentException(
          "max backward: gradient and indices need " + outer * inner + " elements");
    }
    CpuStorage out = backend.allocate(outer * size * inner);
    float[] o = out.data;
    for (int a = 0; a < outer; a++) {
      for (int j = 0; j < inner; j++) {
        o[(a * size + (int) idx[a * inner + j]) * inner + j] = gg[a * inner + j];
      }
    }
    return out;
  }
}
