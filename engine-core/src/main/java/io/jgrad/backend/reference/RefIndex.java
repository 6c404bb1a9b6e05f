package io.jgrad.backend.reference;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.IndexKernels;

/** Strided copies and arg-max in the plainest loops: each element unravels its own index. */
final class RefIndex implements IndexKernels {
  private final RefBackend backend;

  RefIndex(RefBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage gather(Storage x, int offset, int[] dims, int[] strides) {
    double[] in = RefStorage.data(x);
    double[] out = new double[IndexKernels.checkView("gather", in.length, offset, dims, strides)];
    for (int i = 0; i < out.length; i++) {
      out[i] = in[source(i, offset, dims, strides)];
    }
    return backend.wrap(out);
  }

  @Override
  public void scatter(Storage src, Storage dst, int offset, int[] dims, int[] strides) {
    double[] in = RefStorage.data(src);
    double[] out = RefStorage.data(dst);
    int n = IndexKernels.checkView("scatter", out.length, offset, dims, strides);
    if (n != in.length) {
      throw new IllegalArgumentException(
          "scatter: source has " + in.length + " elements but the view holds " + n);
    }
    for (int i = 0; i < n; i++) {
      out[source(i, offset, dims, strides)] = in[i];
    }
  }

  @Override
  public Storage[] maxAlong(Storage x, int outer, int size, int inner) {
    double[] in = RefStorage.data(x);
    IndexKernels.checkAlong("max", in.length, outer, size, inner);
    double[] values = new double[outer * inner];
    double[] indices = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        int best = 0;
        double v = in[o * size * inner + j];
        for (int k = 1; k < size && !Double.isNaN(v); k++) {
          double c = in[(o * size + k) * inner + j];
          if (c > v || Double.isNaN(c)) {
            v = c;
            best = k;
          }
        }
        values[o * inner + j] = v;
        indices[o * inner + j] = best;
      }
    }
    return new Storage[] {backend.wrap(values), backend.wrap(indices)};
  }

  @Override
  public Storage maxAlongBackward(Storage g, Storage indices, int outer, int size, int inner) {
    double[] gg = RefStorage.data(g);
    double[] idx = RefStorage.data(indices);
    if (gg.length != outer * inner || idx.length != outer * inner) {
      throw new IllegalArgumentException(
          "max backward: gradient and indices need " + outer * inner + " elements");
    }
    double[] out = new double[outer * size * inner];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        out[(o * size + (int) idx[o * inner + j]) * inner + j] = gg[o * inner + j];
      }
    }
    return backend.wrap(out);
  }

  private static int source(int flat, int offset, int[] dims, int[] strides) {
    int src = offset;
    for (int d = dims.length - 1; d >= 0; d--) {
      src += (flat % dims[d]) * strides[d];
      flat /= dims[d];
    }
    return src;
  }
}
