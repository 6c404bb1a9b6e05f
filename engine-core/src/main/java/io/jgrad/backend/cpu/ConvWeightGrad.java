package io.jgrad.backend.cpu;

import io.jgrad.backend.params.Conv2dParams;
import java.util.Arrays;

/**
 * dL/dw = sum over samples and output pixels of dL/dy[m][l] * patch[l][k]. Work is split into fixed
 * chunks of samples; each chunk sums its samples into a double partial, and partials are added in
 * chunk order, so the result is identical for any thread count.
 *
 * <p>Two shapes of inner loop, picked by the number of taps K per output channel:
 *
 * <ul>
 *   <li>K &ge; {@link #ROW_GEMM_MIN_TAPS}: im2row. Each output pixel's patch becomes a row (built
 *       from a channels-last copy of the input, so a patch is kh runs of kw * C contiguous floats)
 *       and the gradient rows are {@code dw[m][:] += dy[m][l] * patch[l][:]}, a vectorized sweep
 *       over K.
 *   <li>Smaller K (first layers, 1x1, depthwise): sweeps over K would be too short to vectorize;
 *       {@link ConvWeightGradSmall} sums elementwise products of im2col and gradient rows instead.
 * </ul>
 */
final class ConvWeightGrad {
  /** Taps per output channel from which the im2row form wins over the elementwise form. */
  static final int ROW_GEMM_MIN_TAPS = 32;

  /** Output pixels per im2row block (bounds the scratch rows). */
  static final int PIXEL_BLOCK = 1024;

  /** Output pixels whose products accumulate in float before moving to double. */
  static final int FLUSH_PIXELS = 4096;

  private ConvWeightGrad() {}

  /** The weight gradient, {@code [outC, inC/groups, kh, kw]}. */
  static float[] compute(Conv2dParams p, float[] x, float[] gy) {
    int pixels = p.outH() * p.outW();
    boolean rowGemm = p.inPerGroup() * p.kernelH() * p.kernelW() >= ROW_GEMM_MIN_TAPS;
    // enough chunks to balance a few threads; the elementwise form folds once per sub-chunk,
    // so it gets larger chunks
    int grain =
        rowGemm
            ? Math.max(1, Math.min(8, 4096 / Math.max(1, pixels)))
            : ConvWeightGradSmall.MAX_ROWS;
    int chunks = Parallel.chunkCount(p.batch(), grain);
    double[][] partial = new double[chunks][];
    Parallel.forChunks(
        p.batch(),
        grain,
        (s, e) -> {
          double[] acc = new double[p.weightSize()];
          if (rowGemm) {
            for (int g = 0; g < p.groups(); g++) {
              im2rowSamples(p, x, gy, s, e, g, acc);
            }
          } else {
            ConvWeightGradSmall.addSamples(p, x, gy, s, e, acc);
          }
          partial[s / grain] = acc;
        });
    float[] out = new float[p.weightSize()];
    int cg = p.inPerGroup();
    int taps = p.kernelH() * p.kernelW();
    for (int i = 0; i < out.length; i++) {
      int at = i;
      if (rowGemm) {
        // the im2row form accumulates in (oc, ky, kx, icl) order
        int oc = i / (cg * taps);
        int r = i % (cg * taps);
        at = oc * cg * taps + (r % taps) * cg + r / taps;
      }
      double sum = 0;
      for (double[] part : partial) {
        sum += part[at];
      }
      out[i] = (float) sum;
    }
    return out;
  }

  /**
   * Adds samples [n0, n1) of group g to acc, laid out (oc, ky, kx, icl). Products accumulate in
   * float rows for up to {@link #FLUSH_PIXELS} output pixels, then move to double.
   */
  private static void im2rowSamples(
      Conv2dParams p, float[] x, float[] gy, int n0, int n1, int g, double[] acc) {
    int mg = p.outPerGroup();
    int k = p.inPerGroup() * p.kernelH() * p.kernelW();
    float[][] prod = Scratch.get().rows(Scratch.PRODUCT, mg, k);
    int pending = 0;
    for (int n = n0; n < n1; n++) {
      if (pending == 0) {
        for (int m = 0; m < mg; m++) {
          Arrays.fill(prod[m], 0, k, 0f);
        }
      }
      im2rowSample(p, x, gy, n, g, prod);
      pending += p.outH() * p.outW();
      if (pending >= FLUSH_PIXELS || n == n1 - 1) {
        for (int m = 0; m < mg; m++) {
          int base = (g * mg + m) * k;
          float[] pm = prod[m];
          for (int i = 0; i < k; i++) {
            acc[base + i] += pm[i];
          }
        }
        pending = 0;
      }
    }
  }

  /** Adds sample n, group g to the product rows: prod[m][(ky, kx, icl)]. */
  private static void im2rowSample(
      Conv2dParams p, float[] x, float[] gy, int n, int g, float[][] prod) {
    Scratch scratch = Scratch.get();
    int cg = p.inPerGroup();
    int mg = p.outPerGroup();
    int kw = p.kernelW();
    int k = cg * p.kernelH() * kw;
    int planeH = p.inH() + 2 * p.padH();
    int planeW = p.inW() + 2 * p.padW();
    float[] hwc = scratch.flat(Scratch.PLANE, planeH * planeW * cg);
    channelsLast(p, x, n, g, hwc, planeW);
    int ow = p.outW();
    int pixels = p.outH() * ow;
    int rowsPerBlock = Math.max(1, PIXEL_BLOCK / ow);
    float[][] rows = scratch.rows(Scratch.ROWS, Math.min(p.outH(), rowsPerBlock) * ow, k);
    int run = p.dilationW() == 1 ? kw * cg : cg;
    for (int oy0 = 0; oy0 < p.outH(); oy0 += rowsPerBlock) {
      int oy1 = Math.min(p.outH(), oy0 + rowsPerBlock);
      for (int oy = oy0; oy < oy1; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          float[] r = rows[(oy - oy0) * ow + ox];
          for (int ky = 0; ky < p.kernelH(); ky++) {
            int iy = oy * p.strideH() + ky * p.dilationH();
            int base = (iy * planeW + ox * p.strideW()) * cg;
            for (int kx = 0; kx < kw; kx += run / cg) {
              Im2col.copy(hwc, base + kx * p.dilationW() * cg, r, (ky * kw + kx) * cg, run);
            }
          }
        }
      }
      int aOff = (n * p.outChannels() + g * mg) * pixels + oy0 * ow;
      RowGemm.multiplyAdd(prod, 0, mg, gy, aOff, pixels, 1, rows, 0, (oy1 - oy0) * ow, 0, k);
    }
  }

  /** Group g of sample n, zero-padded, channels-last: hwc[(y * planeW + x) * cg + icl]. */
  private static void channelsLast(
      Conv2dParams p, float[] x, int n, int g, float[] hwc, int planeW) {
    int cg = p.inPerGroup();
    if (p.padH() > 0 || p.padW() > 0) {
      Arrays.fill(hwc, 0, (p.inH() + 2 * p.padH()) * planeW * cg, 0f);
    }
    int plane = p.inH() * p.inW();
    for (int icl = 0; icl < cg; icl++) {
      int src = (n * p.inChannels() + g * cg + icl) * plane;
      for (int y = 0; y < p.inH(); y++) {
        int dst = ((y + p.padH()) * planeW + p.padW()) * cg + icl;
        int from = src + y * p.inW();
        for (int xx = 0; xx < p.inW(); xx++) {
          hwc[dst + xx * cg] = x[from + xx];
        }
      }
    }
  }
}
