package io.jgrad.backend.reference;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PoolKernels;
import io.jgrad.backend.params.AdaptivePool2dParams;
import io.jgrad.backend.params.Pool2dParams;

/**
 * Pooling over NCHW input, one output element at a time. Window rows run from {@code oh*sH-pH} for
 * {@code kH} rows (likewise columns); positions outside the input are padding.
 */
final class RefPool implements PoolKernels {
  private final RefBackend backend;

  RefPool(RefBackend backend) {
    this.backend = backend;
  }

  /** Max over each window; padding is -inf, a NaN wins, ties go to the first in row-major order. */
  @Override
  public Storage maxForward(Storage input, Pool2dParams p) {
    double[] x = RefStorage.data(input);
    checkParams(p);
    checkSize("maxForward input", x.length, p.inputSize());
    double[] out = new double[p.outputSize()];
    int o = 0;
    for (int plane = 0; plane < p.batch() * p.channels(); plane++) {
      for (int oh = 0; oh < p.outH(); oh++) {
        for (int ow = 0; ow < p.outW(); ow++) {
          out[o++] = x[argmax(x, plane, oh, ow, p)];
        }
      }
    }
    return backend.wrap(out);
  }

  /** Each output gradient goes to its window's argmax, found again from the input. */
  @Override
  public Storage maxBackward(Storage gradOut, Storage input, Storage output, Pool2dParams p) {
    double[] g = RefStorage.data(gradOut);
    double[] x = RefStorage.data(input);
    checkParams(p);
    checkSize("maxBackward gradOut", g.length, p.outputSize());
    checkSize("maxBackward input", x.length, p.inputSize());
    double[] dx = new double[p.inputSize()];
    int o = 0;
    for (int plane = 0; plane < p.batch() * p.channels(); plane++) {
      for (int oh = 0; oh < p.outH(); oh++) {
        for (int ow = 0; ow < p.outW(); ow++) {
          dx[argmax(x, plane, oh, ow, p)] += g[o++];
        }
      }
    }
    return backend.wrap(dx);
  }

  /**
   * The flat input index of the window's maximum. Starts at the first in-bounds element with a
   * running maximum of -inf, so a window of all -inf still routes its gradient somewhere (the first
   * element), as PyTorch does; {@code v > max || isNaN(v)} keeps the first maximum and lets a NaN
   * win (the last NaN of the window, exactly PyTorch's rule).
   */
  private static int argmax(double[] x, int plane, int oh, int ow, Pool2dParams p) {
    int h0 = oh * p.strideH() - p.padH();
    int w0 = ow * p.strideW() - p.padW();
    int base = plane * p.inH() * p.inW();
    int best = base + Math.max(h0, 0) * p.inW() + Math.max(w0, 0);
    double max = Double.NEGATIVE_INFINITY;
    for (int h = h0; h < h0 + p.kernelH(); h++) {
      for (int w = w0; w < w0 + p.kernelW(); w++) {
        if (h < 0 || h >= p.inH() || w < 0 || w >= p.inW()) {
          continue;
        }
        double v = x[base + h * p.inW() + w];
        if (v > max || Double.isNaN(v)) {
          max = v;
          best = base + h * p.inW() + w;
        }
      }
    }
    return best;
  }

  /** Window mean; zero padding counts in the divisor only when {@code countIncludePad}. */
  @Override
  public Storage avgForward(Storage input, Pool2dParams p) {
    double[] x = RefStorage.data(input);
    checkParams(p);
    checkSize("avgForward input", x.length, p.inputSize());
    double[] out = new double[p.outputSize()];
    int o = 0;
    for (int plane = 0; plane < p.batch() * p.channels(); plane++) {
      int base = plane * p.inH() * p.inW();
      for (int oh = 0; oh < p.outH(); oh++) {
        for (int ow = 0; ow < p.outW(); ow++) {
          int h0 = oh * p.strideH() - p.padH();
          int w0 = ow * p.strideW() - p.padW();
          double sum = 0;
          for (int h = Math.max(h0, 0); h < Math.min(h0 + p.kernelH(), p.inH()); h++) {
            for (int w = Math.max(w0, 0); w < Math.min(w0 + p.kernelW(), p.inW()); w++) {
              sum += x[base + h * p.inW() + w];
            }
          }
          out[o++] = sum / avgDivisor(oh, ow, p);
        }
      }
    }
    return backend.wrap(out);
  }

  /** Each input element in a window receives {@code gradOut / divisor}. */
  @Override
  public Storage avgBackward(Storage gradOut, Pool2dParams p) {
    double[] g = RefStorage.data(gradOut);
    checkParams(p);
    checkSize("avgBackward gradOut", g.length, p.outputSize());
    double[] dx = new double[p.inputSize()];
    int o = 0;
    for (int plane = 0; plane < p.batch() * p.channels(); plane++) {
      int base = plane * p.inH() * p.inW();
      for (int oh = 0; oh < p.outH(); oh++) {
        for (int ow = 0; ow < p.outW(); ow++) {
          int h0 = oh * p.strideH() - p.padH();
          int w0 = ow * p.strideW() - p.padW();
          double share = g[o++] / avgDivisor(oh, ow, p);
          for (int h = Math.max(h0, 0); h < Math.min(h0 + p.kernelH(), p.inH()); h++) {
            for (int w = Math.max(w0, 0); w < Math.min(w0 + p.kernelW(), p.inW()); w++) {
              dx[base + h * p.inW() + w] += share;
            }
          }
        }
      }
    }
    return backend.wrap(dx);
  }

  /** kH*kW with {@code countIncludePad}, else the number of window positions inside the input. */
  static int avgDivisor(int oh, int ow, Pool2dParams p) {
    if (p.countIncludePad()) {
      return p.kernelH() * p.kernelW();
    }
    int h0 = oh * p.strideH() - p.padH();
    int w0 = ow * p.strideW() - p.padW();
    int rows = Math.min(h0 + p.kernelH(), p.inH()) - Math.max(h0, 0);
    int cols = Math.min(w0 + p.kernelW(), p.inW()) - Math.max(w0, 0);
    return Math.max(rows, 0) * Math.max(cols, 0);
  }

  /** Mean over each bin {@code [startH, endH) x [startW, endW)}. */
  @Override
  public Storage adaptiveAvgForward(Storage input, AdaptivePool2dParams p) {
    double[] x = RefStorage.data(input);
    int planes = p.batch() * p.channels();
    checkSize("adaptiveAvgForward input", x.length, planes * p.inH() * p.inW());
    double[] out = new double[planes * p.outH() * p.outW()];
    int o = 0;
    for (int plane = 0; plane < planes; plane++) {
      int base = plane * p.inH() * p.inW();
      for (int i = 0; i < p.outH(); i++) {
        for (int j = 0; j < p.outW(); j++) {
          double sum = 0;
          for (int h = p.startH(i); h < p.endH(i); h++) {
            for (int w = p.startW(j); w < p.endW(j); w++) {
              sum += x[base + h * p.inW() + w];
            }
          }
          int count = (p.endH(i) - p.startH(i)) * (p.endW(j) - p.startW(j));
          out[o++] = sum / count;
        }
      }
    }
    return backend.wrap(out);
  }

  /** Each input element of a bin receives {@code gradOut / binSize}; overlapping bins add up. */
  @Override
  public Storage adaptiveAvgBackward(Storage gradOut, AdaptivePool2dParams p) {
    double[] g = RefStorage.data(gradOut);
    int planes = p.batch() * p.channels();
    checkSize("adaptiveAvgBackward gradOut", g.length, planes * p.outH() * p.outW());
    double[] dx = new double[planes * p.inH() * p.inW()];
    int o = 0;
    for (int plane = 0; plane < planes; plane++) {
      int base = plane * p.inH() * p.inW();
      for (int i = 0; i < p.outH(); i++) {
        for (int j = 0; j < p.outW(); j++) {
          int count = (p.endH(i) - p.startH(i)) * (p.endW(j) - p.startW(j));
          double share = g[o++] / count;
          for (int h = p.startH(i); h < p.endH(i); h++) {
            for (int w = p.startW(j); w < p.endW(j); w++) {
              dx[base + h * p.inW() + w] += share;
            }
          }
        }
      }
    }
    return backend.wrap(dx);
  }

  /**
   * Throws unless kernel and stride are positive and the padding is at most half the kernel
   * (PyTorch's rule), which guarantees every window overlaps the input.
   */
  static void checkParams(Pool2dParams p) {
    if (p.kernelH() < 1 || p.kernelW() < 1 || p.strideH() < 1 || p.strideW() < 1) {
      throw new IllegalArgumentException("pool: kernel and stride must be positive, got " + p);
    }
    if (p.padH() < 0 || p.padW() < 0 || p.padH() > p.kernelH() / 2 || p.padW() > p.kernelW() / 2) {
      throw new IllegalArgumentException("pool: padding must be in [0, kernel/2], got " + p);
    }
  }

  /** Throws unless a buffer has the size its parameters imply. */
  static void checkSize(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          "pool: " + what + " has " + actual + " elements, expected " + expected);
    }
  }
}
