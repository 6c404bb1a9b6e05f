package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.NormKernels.Grads;
import io.jgrad.backend.params.BatchNormParams;

/** The per-channel loops behind {@link CpuNorm}. */
final class NormMath {
  private NormMath() {}

  /**
   * y = (x - mean) * invStd * weight + bias over channel c; null weight/bias mean 1/0. The mean is
   * subtracted as a float pair hi + lo: x - hi is exact when x is near the mean, so centering keeps
   * full precision even when the mean is large compared to the spread.
   */
  static void affine(
      BatchNormParams p,
      int c,
      float[] x,
      float[] y,
      double mean,
      double invStd,
      float[] w,
      float[] b) {
    float hi = (float) mean;
    float lo = (float) (mean - hi);
    float scale = (float) (invStd * (w == null ? 1 : w[c]));
    float shift = b == null ? 0f : b[c];
    int len = p.spatial();
    for (int n = 0; n < p.batch(); n++) {
      int o = (n * p.channels() + c) * len;
      for (int i = 0; i < len; i++) {
        y[o + i] = ((x[o + i] - hi) - lo) * scale + shift;
      }
    }
  }

  /**
   * With xhat = (x - mean) * invStd: dbias = sum g, dweight = sum g * xhat, and dx = weight *
   * invStd * (g - mean(g) - xhat * mean(g * xhat)) through batch statistics, or weight * invStd * g
   * when the statistics are constants. Applied as dx = k1 * g + k2 * (x - mean) + k3.
   */
  static Grads backward(
      CpuBackend backend,
      Storage gradOut,
      Storage input,
      Storage weight,
      double[] mean,
      double[] invStd,
      BatchNormParams p,
      boolean[] needsGrad,
      boolean batchStats) {
    float[] g = checked("gradOut", gradOut, p.size());
    float[] x = checked("input", input, p.size());
    float[] w = optional("weight", weight, p.channels());
    if (needsGrad == null || needsGrad.length != 3) {
      throw new IllegalArgumentException("batch_norm: needsGrad must have 3 entries");
    }
    CpuStorage gx = needsGrad[0] ? backend.allocate(p.size()) : null;
    CpuStorage gw = needsGrad[1] && w != null ? backend.allocate(p.channels()) : null;
    CpuStorage gb = needsGrad[2] && w != null ? backend.allocate(p.channels()) : null;
    int count = p.perChannel();
    int len = p.spatial();
    Parallel.forChunks(
        p.channels(),
        1,
        (s, e) -> {
          for (int c = s; c < e; c++) {
            // centered on the given mean; with batch statistics that mean may be the float-rounded
            // batch mean, so the exact one, mean + shift, is recovered from sum (x - mean)
            double[] sums = ChannelSums.moments(p, g, x, c, mean[c]);
            double sumG = sums[0];
            double shift = batchStats ? sums[2] / count : 0;
            double sumGc = sums[1] - shift * sumG;
            double is = invStd[c];
            if (gw != null) {
              gw.data[c] = (float) (sumGc * is);
            }
            if (gb != null) {
              gb.data[c] = (float) sumG;
            }
            if (gx == null) {
              continue;
            }
            double k1 = (w == null ? 1 : w[c]) * is;
            double k2 = batchStats ? -k1 * is * is * sumGc / count : 0;
            double k3 = batchStats ? -k1 * sumG / count : 0;
            float hi = (float) mean[c];
            float lo = (float) (mean[c] - hi + shift);
            inputGrad(p, c, g, x, gx.data, hi, lo, (float) k1, (float) k2, (float) k3);
          }
        });
    return new Grads(gx, gw, gb);
  }

  private static void inputGrad(
      BatchNormParams p,
      int c,
      float[] g,
      float[] x,
      float[] dx,
      float hi,
      float lo,
      float k1,
      float k2,
      float k3) {
    int len = p.spatial();
    for (int n = 0; n < p.batch(); n++) {
      int o = (n * p.channels() + c) * len;
      for (int i = 0; i < len; i++) {
        dx[o + i] = k1 * g[o + i] + k2 * ((x[o + i] - hi) - lo) + k3;
      }
    }
  }

  static float[] optional(String what, Storage s, int size) {
    return s == null ? null : checked(what, s, size);
  }

  static float[] checked(String what, Storage s, int size) {
    if (s == null) {
      throw new IllegalArgumentException("batch_norm: " + what + " is null");
    }
    float[] d = CpuStorage.data(s);
    if (d.length != size) {
      throw new IllegalArgumentException(
          "batch_norm: " + what + " must have " + size + " elements, got " + d.length);
    }
    return d;
  }
}
