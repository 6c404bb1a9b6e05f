package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.NormKernels.Grads;
import io.jgrad.backend.params.BatchNormParams;

/**
 * The loops behind {@link CpuNorm}: per-channel statistics, the affine map and the gradients, run
 * parallel over chunks of samples ({@link SampleChunks}).
 */
final class NormMath {
  private NormMath() {}

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
   * With d = x - center[c] (center subtracted as a float pair hi + lo): {sum d, sum d^2} of every
   * channel (of those {@code which} selects), as {@code [channels * 2]}. With a center close to the
   * mean the terms are small, so the exact mean is center + sum d / n and the variance sum d^2 / n
   * - (sum d / n)^2 without cancellation.
   */
  static double[] centered(
      VectorOps ops, BatchNormParams p, float[] x, double[] center, boolean[] which) {
    int len = p.spatial();
    int stride = p.channels() * len;
    return SampleChunks.sums(
        p,
        2,
        which,
        null,
        (c, n0, n1, out) -> {
          float hi = (float) center[c];
          float lo = (float) (center[c] - hi);
          ops.centeredSums(x, n0 * stride + c * len, stride, n1 - n0, len, hi, lo, out);
        });
  }

  /**
   * y = (x - mean) * invStd * weight + bias over every channel; null weight/bias mean 1/0. The mean
   * is subtracted as a float pair hi + lo: x - hi is exact when x is near the mean, so centering
   * keeps full precision even when the mean is large compared to the spread. With {@code p.relu()}
   * the same value is clamped as the ReLU kernel's {@code Math.max(v, 0f)} would ({@link
   * VectorOps#affineRelu}).
   */
  static void affine(
      VectorOps ops,
      BatchNormParams p,
      float[] x,
      float[] y,
      double[] mean,
      double[] invStd,
      float[] w,
      float[] b) {
    int channels = p.channels();
    float[] hi = new float[channels];
    float[] lo = new float[channels];
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      hi[c] = (float) mean[c];
      lo[c] = (float) (mean[c] - hi[c]);
      scale[c] = (float) (invStd[c] * (w == null ? 1 : w[c]));
      shift[c] = b == null ? 0f : b[c];
    }
    SampleChunks.forPlanes(
        p,
        (c, from, to) -> {
          if (p.relu()) {
            ops.affineRelu(x, y, from, to, hi[c], lo[c], scale[c], shift[c]);
          } else {
            affinePlane(x, y, from, to, hi[c], lo[c], scale[c], shift[c]);
          }
        });
  }

  private static void affinePlane(
      float[] x, float[] y, int from, int to, float hi, float lo, float scale, float shift) {
    for (int i = from; i < to; i++) {
      y[i] = ((x[i] - hi) - lo) * scale + shift;
    }
  }

  /**
   * With xhat = (x - mean) * invStd: dbias = sum g, dweight = sum g * xhat, and dx = weight *
   * invStd * (g - mean(g) - xhat * mean(g * xhat)) through batch statistics, or weight * invStd * g
   * when the statistics are constants. Applied as dx = k1 * g + k2 * (x - mean) + k3.
   *
   * <p>With a fused ReLU ({@code output} not null), each chunk first masks its samples' g with
   * (output &gt; 0) by ReLU backward's own loop, written into the input-gradient buffer (a scratch
   * buffer when no input gradient is wanted), and sums the masked values while they are still in
   * cache; the input-gradient pass overwrites them in place: the same float operations as ReLU
   * backward followed by batch-norm backward, with one buffer less.
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
    int channels = p.channels();
    int len = p.spatial();
    int stride = channels * len;
    // centered on the given mean; with batch statistics that mean may be the float-rounded batch
    // mean, so the exact one, mean + shift, is recovered from sum (x - mean)
    double[] sums =
        SampleChunks.sums(
            p,
            3,
            null,
            y == null ? null : (s, e) -> ops.reluBackward(y, gradIn, g, s, e),
            (c, n0, n1, out) -> {
              float hi = (float) mean[c];
              float lo = (float) (mean[c] - hi);
              ops.gradMoments(g, x, n0 * stride + c * len, stride, n1 - n0, len, hi, lo, out);
            });
    CpuStorage gw = needsGrad[1] && w != null ? backend.allocate(channels) : null;
    CpuStorage gb = needsGrad[2] && w != null ? backend.allocate(channels) : null;
    int count = p.perChannel();
    float[] k1 = new float[channels];
    float[] k2 = new float[channels];
    float[] k3 = new float[channels];
    float[] hi = new float[channels];
    float[] lo = new float[channels];
    for (int c = 0; c < channels; c++) {
      double sumG = sums[3 * c];
      double shift = batchStats ? sums[3 * c + 2] / count : 0;
      double sumGc = sums[3 * c + 1] - shift * sumG;
      double is = invStd[c];
      if (gw != null) {
        gw.data[c] = (float) (sumGc * is);
      }
      if (gb != null) {
        gb.data[c] = (float) sumG;
      }
      double a = (w == null ? 1 : w[c]) * is;
      k1[c] = (float) a;
      k2[c] = (float) (batchStats ? -a * is * is * sumGc / count : 0);
      k3[c] = (float) (batchStats ? -a * sumG / count : 0);
      hi[c] = (float) mean[c];
      lo[c] = (float) (mean[c] - hi[c] + shift);
    }
    if (gx != null) {
      SampleChunks.forPlanes(
          p,
          (c, from, to) -> inputGrad(g, x, gx.data, from, to, hi[c], lo[c], k1[c], k2[c], k3[c]));
    }
    if (scratch != null) {
      scratch.close();
    }
    return new Grads(gx, gw, gb);
  }

  private static void inputGrad(
      float[] g,
      float[] x,
      float[] dx,
      int from,
      int to,
      float hi,
      float lo,
      float k1,
      float k2,
      float k3) {
    for (int i = from; i < to; i++) {
      dx[i] = k1 * g[i] + k2 * ((x[i] - hi) - lo) + k3;
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
