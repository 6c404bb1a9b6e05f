package io.jgrad.backend.cpu;

import io.jgrad.backend.params.Conv2dParams;
import java.util.Arrays;

/**
 * dL/dx of a convolution, in one of two forms picked by shape (never by thread count):
 *
 * <ul>
 *   <li>Correlation: dx is the output gradient, spread out by the stride and padded by (k - 1) * d
 *       - p, correlated with the transposed, flipped filter ({@link ConvPlan#inputGradient}). Same
 *       fast path as the forward pass; it wastes work only where the spread-out plane is mostly
 *       zeros or padding.
 *   <li>Col2im: per output pixel, the patch gradient {@code sum over m of dy[m][l] * w[m][:]} (a
 *       vectorized sweep over the filter taps), scattered back onto the input. Used when the
 *       correlation would do more than {@link #MAX_WASTE} times the useful work (large strides,
 *       tiny outputs such as a 5x5 filter on a 5x5 input).
 * </ul>
 */
final class ConvDataGrad {
  /** Largest ratio of correlation columns to output pixels for which the correlation is used. */
  static final double MAX_WASTE = 3.0;

  private ConvDataGrad() {}

  /** The input gradient, {@code [N, inC, H, W]}. */
  static CpuStorage compute(CpuBackend backend, Conv2dParams p, float[] gy, float[] w) {
    ConvPlan plan = ConvPlan.inputGradient(p);
    double waste = (double) plan.rowLength() / ((long) p.outH() * p.outW());
    if (waste > MAX_WASTE) {
      CpuStorage gx = backend.allocate(p.inputSize());
      col2im(p, gy, w, gx.data);
      return gx;
    }
    CpuStorage gx = backend.uninitialized(p.inputSize());
    if (backend.ops().simd()) {
      DirectConv.run(backend.ops(), plan, gy, flippedTransposed(p, w), null, gx.data);
    } else {
      ConvForward.run(plan, gy, flippedTransposed(p, w), null, gx.data);
    }
    return gx;
  }

  /** w'[ic][ml][ky][kx] = w[g * mg + ml][icl][kh - 1 - ky][kw - 1 - kx], ic = g * cg + icl. */
  static float[] flippedTransposed(Conv2dParams p, float[] w) {
    int cg = p.inPerGroup();
    int mg = p.outPerGroup();
    int taps = p.kernelH() * p.kernelW();
    float[] f = new float[w.length];
    for (int g = 0; g < p.groups(); g++) {
      for (int ml = 0; ml < mg; ml++) {
        for (int icl = 0; icl < cg; icl++) {
          int from = ((g * mg + ml) * cg + icl) * taps;
          int to = ((g * cg + icl) * mg + ml) * taps;
          for (int t = 0; t < taps; t++) {
            f[to + taps - 1 - t] = w[from + t];
          }
        }
      }
    }
    return f;
  }

  private static void col2im(Conv2dParams p, float[] gy, float[] w, float[] gx) {
    int k = p.inPerGroup() * p.kernelH() * p.kernelW();
    float[][] weightRows = new float[p.outChannels()][k];
    for (int oc = 0; oc < p.outChannels(); oc++) {
      System.arraycopy(w, oc * k, weightRows[oc], 0, k);
    }
    Parallel.forChunks(
        p.batch(),
        1,
        (s, e) -> {
          for (int n = s; n < e; n++) {
            for (int g = 0; g < p.groups(); g++) {
              col2imSample(p, gy, weightRows, gx, n, g);
            }
          }
        });
  }

  private static void col2imSample(
      Conv2dParams p, float[] gy, float[][] weightRows, float[] gx, int n, int g) {
    int cg = p.inPerGroup();
    int mg = p.outPerGroup();
    int kh = p.kernelH();
    int kw = p.kernelW();
    int k = cg * kh * kw;
    int ow = p.outW();
    int pixels = p.outH() * ow;
    int block = Math.min(pixels, ConvWeightGrad.PIXEL_BLOCK);
    float[][] rows = Scratch.get().rows(Scratch.PRODUCT, block, k);
    for (int l0 = 0; l0 < pixels; l0 += block) {
      int count = Math.min(block, pixels - l0);
      for (int i = 0; i < count; i++) {
        Arrays.fill(rows[i], 0, k, 0f);
      }
      int aOff = (n * p.outChannels() + g * mg) * pixels + l0;
      RowGemm.multiplyAdd(rows, 0, count, gy, aOff, 1, pixels, weightRows, g * mg, mg, 0, k);
      for (int i = 0; i < count; i++) {
        int oy = (l0 + i) / ow;
        int ox = (l0 + i) % ow;
        float[] r = rows[i];
        for (int icl = 0; icl < cg; icl++) {
          int plane = (n * p.inChannels() + g * cg + icl) * p.inH() * p.inW();
          for (int ky = 0; ky < kh; ky++) {
            int iy = oy * p.strideH() + ky * p.dilationH() - p.padH();
            if (iy < 0 || iy >= p.inH()) {
              continue;
            }
            for (int kx = 0; kx < kw; kx++) {
              int ix = ox * p.strideW() + kx * p.dilationW() - p.padW();
              if (ix >= 0 && ix < p.inW()) {
                gx[plane + iy * p.inW() + ix] += r[(icl * kh + ky) * kw + kx];
              }
            }
          }
        }
      }
    }
  }
}
