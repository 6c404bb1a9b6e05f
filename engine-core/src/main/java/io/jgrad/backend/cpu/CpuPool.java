package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PoolKernels;
import io.jgrad.backend.params.AdaptivePool2dParams;
import io.jgrad.backend.params.Pool2dParams;

/**
 * Pooling over NCHW float input. Planes (one image channel each) are independent, so they are split
 * across threads, and backward passes scatter into their own plane without races. Window bounds are
 * clipped to the input once per output element, so inner loops have no bounds tests. The common 2x2
 * / stride-2 window has its own kernels behind {@link VectorOps#maxPool2x2} ({@link MaxPool2x2},
 * and SIMD ones with the Vector API).
 */
final class CpuPool implements PoolKernels {
  /** Window reads of work per chunk. */
  private static final int GRAIN = 1 << 15;

  private final CpuBackend backend;

  CpuPool(CpuBackend backend) {
    this.backend = backend;
  }

  /** Max over each window; padding is -inf, a NaN wins, ties go to the first in row-major order. */
  @Override
  public Storage maxForward(Storage input, Pool2dParams p) {
    float[] x = CpuStorage.data(input);
    check("maxForward input", x.length, p.inputSize(), p);
    CpuStorage out = backend.uninitialized(p.outputSize());
    float[] y = out.data;
    if (MaxPool2x2.applies(p)) {
      VectorOps ops = backend.ops();
      forPlaneRanges(p, (s, e) -> ops.maxPool2x2(x, y, p, s, e));
    } else {
      forPlanes(p, (inBase, outBase) -> maxPlane(x, y, null, null, inBase, outBase, p));
    }
    return out;
  }

  /** Each output gradient goes to its window's argmax, found again from the input. */
  @Override
  public Storage maxBackward(Storage gradOut, Storage input, Storage output, Pool2dParams p) {
    float[] g = CpuStorage.data(gradOut);
    float[] x = CpuStorage.data(input);
    check("maxBackward gradOut", g.length, p.outputSize(), p);
    check("maxBackward input", x.length, p.inputSize(), p);
    if (MaxPool2x2.applies(p)) {
      float[] y = CpuStorage.data(output);
      check("maxBackward output", y.length, p.outputSize(), p);
      CpuStorage dx = backend.uninitialized(p.inputSize());
      VectorOps ops = backend.ops();
      forPlaneRanges(p, (s, e) -> ops.maxPool2x2Backward(x, y, g, dx.data, p, s, e));
      return dx;
    }
    CpuStorage dx = backend.allocate(p.inputSize());
    forPlanes(p, (inBase, outBase) -> maxPlane(x, null, g, dx.data, inBase, outBase, p));
    return dx;
  }

  /**
   * One plane of max pooling: writes the maxima to {@code y} (forward) or adds {@code g} at each
   * argmax of {@code dx} (backward). The argmax starts at the first in-bounds element with a
   * running maximum of -inf and moves on {@code v > max || isNaN(v)}, exactly PyTorch's rule.
   */
  private static void maxPlane(
      float[] x, float[] y, float[] g, float[] dx, int inBase, int outBase, Pool2dParams p) {
    int inW = p.inW();
    int o = outBase;
    for (int oh = 0; oh < p.outH(); oh++) {
      int h0 = oh * p.strideH() - p.padH();
      int hs = Math.max(h0, 0);
      int he = Math.min(h0 + p.kernelH(), p.inH());
      for (int ow = 0; ow < p.outW(); ow++, o++) {
        int w0 = ow * p.strideW() - p.padW();
        int ws = Math.max(w0, 0);
        int we = Math.min(w0 + p.kernelW(), inW);
        int best = inBase + hs * inW + ws;
        float max = Float.NEGATIVE_INFINITY;
        for (int h = hs; h < he; h++) {
          int row = inBase + h * inW;
          for (int w = ws; w < we; w++) {
            float v = x[row + w];
            if (v > max || v != v) {
              max = v;
              best = row + w;
            }
          }
        }
        if (y != null) {
          y[o] = max;
        } else {
          dx[best] += g[o];
        }
      }
    }
  }

  /** Window mean; zero padding counts in the divisor only when {@code countIncludePad}. */
  @Override
  public Storage avgForward(Storage input, Pool2dParams p) {
    float[] x = CpuStorage.data(input);
    check("avgForward input", x.length, p.inputSize(), p);
    CpuStorage out = backend.uninitialized(p.outputSize());
    forPlanes(p, (inBase, outBase) -> avgPlane(x, out.data, null, null, inBase, outBase, p));
    return out;
  }

  /** Each input element in a window receives {@code gradOut / divisor}. */
  @Override
  public Storage avgBackward(Storage gradOut, Pool2dParams p) {
    float[] g = CpuStorage.data(gradOut);
    check("avgBackward gradOut", g.length, p.outputSize(), p);
    CpuStorage dx = backend.allocate(p.inputSize());
    forPlanes(p, (inBase, outBase) -> avgPlane(null, null, g, dx.data, inBase, outBase, p));
    return dx;
  }

  /** One plane of average pooling, forward ({@code y != null}) or backward. */
  private static void avgPlane(
      float[] x, float[] y, float[] g, float[] dx, int inBase, int outBase, Pool2dParams p) {
    int inW = p.inW();
    int o = outBase;
    for (int oh = 0; oh < p.outH(); oh++) {
      int h0 = oh * p.strideH() - p.padH();
      int hs = Math.max(h0, 0);
      int he = Math.min(h0 + p.kernelH(), p.inH());
      for (int ow = 0; ow < p.outW(); ow++, o++) {
        int w0 = ow * p.strideW() - p.padW();
        int ws = Math.max(w0, 0);
        int we = Math.min(w0 + p.kernelW(), inW);
        int divisor = p.countIncludePad() ? p.kernelH() * p.kernelW() : (he - hs) * (we - ws);
        if (y != null) {
          y[o] = (float) (sumWindow(x, inBase, inW, hs, he, ws, we) / divisor);
        } else {
          addWindow(dx, inBase, inW, hs, he, ws, we, g[o] / divisor);
        }
      }
    }
  }

  /** Mean over each bin {@code [startH, endH) x [startW, endW)}. */
  @Override
  public Storage adaptiveAvgForward(Storage input, AdaptivePool2dParams p) {
    float[] x = CpuStorage.data(input);
    check("adaptiveAvgForward input", x.length, p.batch() * p.channels() * p.inH() * p.inW());
    CpuStorage y = backend.uninitialized(p.batch() * p.channels() * p.outH() * p.outW());
    adaptive(x, y.data, null, null, p);
    return y;
  }

  /** Each input element of a bin receives {@code gradOut / binSize}; overlapping bins add up. */
  @Override
  public Storage adaptiveAvgBackward(Storage gradOut, AdaptivePool2dParams p) {
    float[] g = CpuStorage.data(gradOut);
    check("adaptiveAvgBackward gradOut", g.length, p.batch() * p.channels() * p.outH() * p.outW());
    CpuStorage dx = backend.allocate(p.batch() * p.channels() * p.inH() * p.inW());
    adaptive(null, null, g, dx.data, p);
    return dx;
  }

  private static void adaptive(
      float[] x, float[] y, float[] g, float[] dx, AdaptivePool2dParams p) {
    int[] hs = new int[p.outH()];
    int[] he = new int[p.outH()];
    int[] ws = new int[p.outW()];
    int[] we = new int[p.outW()];
    for (int i = 0; i < p.outH(); i++) {
      hs[i] = p.startH(i);
      he[i] = p.endH(i);
    }
    for (int j = 0; j < p.outW(); j++) {
      ws[j] = p.startW(j);
      we[j] = p.endW(j);
    }
    int inPlane = p.inH() * p.inW();
    int outPlane = p.outH() * p.outW();
    // Bins cover every input element at least once, so a plane costs at least max(in, out).
    long work = Math.max((long) inPlane, outPlane);
    int grain = (int) Math.max(1, GRAIN / Math.max(work, 1));
    Parallel.forChunks(
        p.batch() * p.channels(),
        grain,
        (s, e) -> {
          for (int plane = s; plane < e; plane++) {
            int inBase = plane * inPlane;
            int o = plane * outPlane;
            for (int i = 0; i < p.outH(); i++) {
              for (int j = 0; j < p.outW(); j++, o++) {
                int count = (he[i] - hs[i]) * (we[j] - ws[j]);
                if (y != null) {
                  y[o] =
                      (float) (sumWindow(x, inBase, p.inW(), hs[i], he[i], ws[j], we[j]) / count);
                } else {
                  addWindow(dx, inBase, p.inW(), hs[i], he[i], ws[j], we[j], g[o] / count);
                }
              }
            }
          }
        });
  }

  private static double sumWindow(float[] x, int base, int inW, int hs, int he, int ws, int we) {
    double sum = 0;
    for (int h = hs; h < he; h++) {
      int row = base + h * inW;
      for (int w = ws; w < we; w++) {
        sum += x[row + w];
      }
    }
    return sum;
  }

  private static void addWindow(
      float[] dx, int base, int inW, int hs, int he, int ws, int we, float share) {
    for (int h = hs; h < he; h++) {
      int row = base + h * inW;
      for (int w = ws; w < we; w++) {
        dx[row + w] += share;
      }
    }
  }

  /** One plane's work, given the offsets of its input and output planes. */
  @FunctionalInterface
  private interface PlaneBody {
    void run(int inBase, int outBase);
  }

  private static void forPlanes(Pool2dParams p, PlaneBody body) {
    int inPlane = p.inH() * p.inW();
    int outPlane = p.outH() * p.outW();
    forPlaneRanges(
        p,
        (s, e) -> {
          for (int plane = s; plane < e; plane++) {
            body.run(plane * inPlane, plane * outPlane);
          }
        });
  }

  /** Splits the N*C planes into chunks of about {@link #GRAIN} window reads. */
  private static void forPlaneRanges(Pool2dParams p, Parallel.RangeBody body) {
    long work =
        Math.max(
            1L,
            Math.max(
                (long) p.inH() * p.inW(), (long) p.outH() * p.outW() * p.kernelH() * p.kernelW()));
    int grain = (int) Math.max(1, GRAIN / work);
    Parallel.forChunks(p.batch() * p.channels(), grain, body);
  }

  private static void check(String what, int actual, int expected, Pool2dParams p) {
    if (p.kernelH() < 1 || p.kernelW() < 1 || p.strideH() < 1 || p.strideW() < 1) {
      throw new IllegalArgumentException("pool: kernel and stride must be positive, got " + p);
    }
    if (p.padH() < 0 || p.padW() < 0 || p.padH() > p.kernelH() / 2 || p.padW() > p.kernelW() / 2) {
      throw new IllegalArgumentException("pool: padding must be in [0, kernel/2], got " + p);
    }
    check(what, actual, expected);
  }

  private static void check(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          "pool: " + what + " has " + actual + " elements, expected " + expected);
    }
  }
}
