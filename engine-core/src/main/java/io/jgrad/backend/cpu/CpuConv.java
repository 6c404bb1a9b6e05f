package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ConvKernels;
import io.jgrad.backend.params.Conv2dParams;

/**
 * Fast float32 convolution: im2col + a vectorized row GEMM, split over blocks of samples (see
 * {@link ConvForward}, {@link ConvDataGrad}, {@link ConvWeightGrad}); a kernel that covers the
 * whole input is a plain matrix product ({@link CpuBlas}). Results do not depend on the thread
 * count.
 */
final class CpuConv implements ConvKernels {
  private final CpuBackend backend;

  CpuConv(CpuBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage forward(Storage input, Storage weight, Storage bias, Conv2dParams p) {
    check(p);
    float[] x = checked("input", input, p.inputSize());
    float[] w = checked("weight", weight, p.weightSize());
    float[] b = bias == null ? null : checked("bias", bias, p.outChannels());
    if (fullyConnected(p)) {
      // y[n][m] = sum_k x[n][k] w[m][k]: the kernel covers the whole input
      float[] y =
          CpuBlas.multiply(
              x, w, p.batch(), p.weightSize() / p.outChannels(), p.outChannels(), false, true);
      if (b != null) {
        for (int i = 0; i < y.length; i++) {
          y[i] += b[i % p.outChannels()];
        }
      }
      return backend.adopt(y);
    }
    CpuStorage out = backend.uninitialized(p.outputSize());
    if (backend.ops().simd()) {
      DirectConv.run(backend.ops(), ConvPlan.forward(p), x, w, b, out.data);
    } else {
      ConvForward.run(ConvPlan.forward(p), x, w, b, out.data);
    }
    return out;
  }

  @Override
  public Storage backwardData(Storage gradOut, Storage weight, Conv2dParams p) {
    check(p);
    float[] gy = checked("gradOut", gradOut, p.outputSize());
    float[] w = checked("weight", weight, p.weightSize());
    if (fullyConnected(p)) {
      int k = p.weightSize() / p.outChannels();
      return backend.adopt(CpuBlas.multiply(gy, w, p.batch(), p.outChannels(), k, false, false));
    }
    return ConvDataGrad.compute(backend, p, gy, w);
  }

  @Override
  public Storage backwardWeight(Storage gradOut, Storage input, Conv2dParams p) {
    check(p);
    float[] gy = checked("gradOut", gradOut, p.outputSize());
    float[] x = checked("input", input, p.inputSize());
    if (fullyConnected(p)) {
      int k = p.weightSize() / p.outChannels();
      return backend.adopt(CpuBlas.multiply(gy, x, p.outChannels(), p.batch(), k, true, false));
    }
    if (backend.ops().simd()) {
      CpuStorage out = backend.uninitialized(p.weightSize());
      DirectWeightGrad.compute(backend.ops(), p, x, gy, out.data);
      return out;
    }
    return backend.adopt(ConvWeightGrad.compute(p, x, gy));
  }

  @Override
  public Storage backwardBias(Storage gradOut, Conv2dParams p) {
    check(p);
    float[] gy = checked("gradOut", gradOut, p.outputSize());
    int channels = p.outChannels();
    int plane = p.outH() * p.outW();
    CpuStorage out = backend.uninitialized(channels);
    Parallel.forChunks(
        channels,
        1,
        (s, e) -> {
          for (int c = s; c < e; c++) {
            double sum = 0;
            for (int n = 0; n < p.batch(); n++) {
              sum += Sums.sum(gy, (n * channels + c) * plane, plane);
            }
            out.data[c] = (float) sum;
          }
        });
    return out;
  }

  /**
   * True when the kernel covers the whole unpadded input (a 1x1 output, one group): the convolution
   * is then a plain matrix product of [N, C*H*W] samples with [outC, C*H*W] weights.
   */
  static boolean fullyConnected(Conv2dParams p) {
    return p.groups() == 1
        && p.padH() == 0
        && p.padW() == 0
        && p.kernelH() == p.inH()
        && p.kernelW() == p.inW()
        && p.outH() == 1
        && p.outW() == 1;
  }

  /** Rejects parameters no convolution can have. */
  static void check(Conv2dParams p) {
    boolean positive =
        p.batch() >= 0
            && p.inChannels() > 0
            && p.outChannels() > 0
            && p.groups() > 0
            && p.kernelH() > 0
            && p.kernelW() > 0
            && p.strideH() > 0
            && p.strideW() > 0
            && p.dilationH() > 0
            && p.dilationW() > 0
            && p.padH() >= 0
            && p.padW() >= 0;
    if (!positive
        || p.inChannels() % p.groups() != 0
        || p.outChannels() % p.groups() != 0
        || p.inH() + 2 * p.padH() - p.dilationH() * (p.kernelH() - 1) - 1 < 0
        || p.inW() + 2 * p.padW() - p.dilationW() * (p.kernelW() - 1) - 1 < 0) {
      throw new IllegalArgumentException("conv2d: invalid parameters " + p);
    }
  }

  private static float[] checked(String what, Storage s, int size) {
    if (s == null) {
      throw new IllegalArgumentException("conv2d: " + what + " is null");
    }
    float[] d = CpuStorage.data(s);
    if (d.length != size) {
      throw new IllegalArgumentException(
          "conv2d: " + what + " must have " + size + " elements, got " + d.length);
    }
    return d;
  }
}
