package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.NormKernels.Grads;
import io.jgrad.backend.params.BatchNormParams;

/** The per-channel loops behind {@link CpuNorm}. */
final class NormMath {
  private NormMath() {}

  /** Elements of work below which channels are not split across threads. */
  static final int MIN_WORK = 1 << 14;

  /**
   * Channels per parallel chunk: one, unless channels are so small that a hand-off would cost more.
   */
  static int channelsPerChunk(BatchNormParams p) {
    return Math.max(1, MIN_WORK / Math.max(1, p.perChannel()));
  }

  /** Samples whose mean centers the statistics pass. */
  static final int CENTER_SAMPLES = 4;

  /**
   * Largest share of the mean squared deviation from the rough mean that the squared distance from
   * the batch mean may take before the deviations are summed again around the batch mean: beyond
   * it, cancellation in the variance would cost more than a few bits.
   */
  static final double MAX_SHIFT = 0.5;

  /**
   * The mean of channel c over its first {@link #CENTER_SAMPLES} samples: close enough to the batch
   * mean (a fraction of a standard deviation on real data) that sums of squared deviations from it
   * lose nothing to cancellation, for a small fraction of a pass over the data.
   */
  static double roughMean(VectorOps ops, BatchNormParams p, float[] x, int c) {
    int len = p.spatial();
    int planes = Math.min(p.batch(), CENTER_SAMPLES);
    return ops.sum(x, c * len, p.channels() * len, planes, len) / ((double) planes * len);
  }

  /**
   * Over channel c, with d = x - center (center subtracted as a float pair hi + lo): returns {sum
   * d, sum d^2}. With a center close to the mean the terms are small, so the exact mean is center +
   * sum d / n and the variance sum d^2 / n - (sum d / n)^2 without cancellation.
   */
  static double[] centered(VectorOps ops, BatchNormParams p, float[] x, int c, double center) {
    float hi = (float) center;
    float lo = (float) (center - hi);
    double[] total = new double[2];
    int len = p.spatial();
    ops.centeredSums(x, c * len, p.channels() * len, p.batch(), len, hi, lo, total);
    return total;
  }

  /**
   * y = (x - mean) * invStd * weight + bias over channel c; null weight/bias mean 1/0. The mean is
   * subtracted as a float pair hi + lo: x - hi is exact when x is near the mean, so centering keeps
   * full precision even when the mean is large compared to the spread. With {@code p.relu()} the
   * same value is clamped as the ReLU kernel's {@code Math.max(v, 0f)} would ({@link
   * VectorOps#affineRelu}).
   */
  static void affine(
      VectorOps ops,
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
      if (p.relu()) {
        ops.affineRelu(x, y, o, o + len, hi, lo, scale, shift);
      } else {
        for (int i = 0; i < len; i++) {
          y[o + i] = ((x[o + i] - hi) - lo) * scale + shift;
        }
      }
    }
  }

  /**
   * With xhat = (x - mean) * invStd: dbias = sum g, dweight = sum g * xhat, and dx = weight *
   * invStd * (g - mean(g) - xhat * mean(g * xhat)) through batch statistics, or weight * invStd * g
   * when the statistics are constants. Applied as dx = k1 * g + k2 * (x - mean) + k3.
   *
   * <p>With a fused ReLU ({@code output} not null), g is first masked with (output &gt; 0) by ReLU
   * backward's own loop, in one streaming pass written into the input-gradient buffer (a scratch
   * buffer when no input gradient is wanted); the passes above read it from there and overwrite it
   * in place: the same float operations as ReLU backward followed by batch-norm backward, with one
   * buffer less. (Masking plane by plane inside the channel loop measured slower.)
   */
  static Grads backward(
      CpuBackend backend,
      Storage gradOut,
      Storage output,
      Storage input,
      Storage weight,
      double[] mean,
      double[] invStd,
      BatchNormParams p,
      boolean[] needsGrad,
      boolean batchStats) {
    float[] gradIn = checked("gradOut", gradOut, p.size());
    float[] y = output == null ? null : checked("output", output, p.size());
    float[] x = checked("input", input, p.size());
    float[] w = optional("weight", weight, p.channels());
    if (needsGrad == null || needsGrad.length != 3) {
      throw new IllegalArgumentException("batch_norm: needsGrad must have 3 entries");
    }
    CpuStorage gx = needsGrad[0] ? backend.uninitialized(p.size()) : null;
    CpuStorage scratch = y != null && gx == null ? backend.uninitialized(p.size()) : null;
    float[] g = y == null ? gradIn : gx != null ? gx.data : scratch.data;
    VectorOps ops = backend.ops();
    if (y != null) {
      Parallel.forChunks(
          p.size(), CpuElementwise.GRAIN, (s, e) -> ops.reluBackward(y, gradIn, g, s, e));
    }
    CpuStorage gw = needsGrad[1] && w != null ? backend.allocate(p.channels()) : null;
    CpuStorage gb = needsGrad[2] && w != null ? backend.allocate(p.channels()) : null;
    int count = p.perChannel();
    int len = p.spatial();
    Parallel.forChunks(
        p.channels(),
        NormMath.channelsPerChunk(p),
        (s, e) -> {
          for (int c = s; c < e; c++) {
            // centered on the given mean; with batch statistics that mean may be the float-rounded
            // batch mean, so the exact one, mean + shift, is recovered from sum (x - mean)
            double[] sums = moments(ops, p, g, x, c, mean[c]);
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
    if (scratch != null) {
      scratch.close();
    }
    return new Grads(gx, gw, gb);
  }

  /**
   * Over channel c, with d = x - center (center subtracted as hi + lo): returns {sum g, sum g * d,
   * sum d}.
   */
  private static double[] moments(
      VectorOps ops, BatchNormParams p, float[] g, float[] x, int c, double center) {
    float hi = (float) center;
    float lo = (float) (center - hi);
    double[] total = new double[3];
    int len = p.spatial();
    ops.gradMoments(g, x, c * len, p.channels() * len, p.batch(), len, hi, lo, total);
    return total;
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
