package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.NormKernels.Grads;
import io.jgrad.backend.params.BatchNormParams;
import java.util.Arrays;

/**
 * The loops behind {@link CpuNorm}, parallel over samples: each chunk of samples sums every channel
 * into its own slot, the slots are added in chunk order, and the elementwise passes run over the
 * same chunks. The chunks follow the samples, as convolution, pooling and the elementwise kernels
 * do, so each thread reads the activations its own core wrote in the layer before; split over
 * channels, every thread read half its channel from the other core's cache, and on a host whose two
 * vCPUs sit on different core complexes that made batch norm no faster on two threads than on one
 * (benchmarks/RESULTS.md). Chunks depend on the shape only, so results do not depend on the thread
 * count.
 */
final class NormMath {
  private NormMath() {}

  /** Elements of work per chunk below which samples are grouped. */
  static final int MIN_WORK = 1 << 14;

  /** Samples per parallel chunk: one, unless samples are so small that a hand-off costs more. */
  static int samplesPerChunk(BatchNormParams p) {
    long perSample = Math.max(1L, (long) p.channels() * p.spatial());
    return (int) Math.min(p.batch(), Math.max(1, (MIN_WORK + perSample - 1) / perSample));
  }

  /** Samples whose mean centers the statistics pass. */
  static final int CENTER_SAMPLES = 4;

  /**
   * Largest share of the mean squared deviation from the rough mean that the squared distance from
   * the batch mean may take before the deviations are summed again around the batch mean: beyond
   * it, cancellation in the variance would cost more than a few bits.
   */
  static final double MAX_SHIFT = 0.5;

  /** Sums of one chunk of samples {@code [n0, n1)} for channel c, added into {@code out}. */
  @FunctionalInterface
  interface ChunkSums {
    void add(int c, int n0, int n1, double[] out);
  }

  /**
   * For every channel, {@code width} sums over all samples: each chunk of samples sums into its own
   * slots (after {@code prepare} has run on the chunk's elements, when given), and the slots are
   * added in chunk order. Returns {@code [channels * width]}; channels with {@code which[c]} false
   * are skipped when {@code which} is given.
   */
  static double[] sums(
      BatchNormParams p, int width, boolean[] which, Parallel.RangeBody prepare, ChunkSums body) {
    int per = samplesPerChunk(p);
    int chunks = Parallel.chunkCount(p.batch(), per);
    int slots = p.channels() * width;
    int sample = p.channels() * p.spatial();
    double[] partial = new double[chunks * slots];
    Parallel.forChunks(
        p.batch(),
        per,
        (s, e) -> {
          if (prepare != null) {
            prepare.run(s * sample, e * sample);
          }
          double[] one = new double[width];
          int at = s / per * slots;
          for (int c = 0; c < p.channels(); c++) {
            if (which == null || which[c]) {
              Arrays.fill(one, 0);
              body.add(c, s, e, one);
              System.arraycopy(one, 0, partial, at + c * width, width);
            }
          }
        });
    double[] total = new double[slots];
    for (int k = 0; k < chunks; k++) {
      for (int j = 0; j < slots; j++) {
        total[j] += partial[k * slots + j];
      }
    }
    return total;
  }

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
    return sums(
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
    int len = p.spatial();
    Parallel.forChunks(
        p.batch(),
        samplesPerChunk(p),
        (s, e) -> {
          for (int n = s; n < e; n++) {
            for (int c = 0; c < channels; c++) {
              int o = (n * channels + c) * len;
              if (p.relu()) {
                ops.affineRelu(x, y, o, o + len, hi[c], lo[c], scale[c], shift[c]);
              } else {
                affinePlane(x, y, o, o + len, hi[c], lo[c], scale[c], shift[c]);
              }
            }
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
        sums(
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
      Parallel.forChunks(
          p.batch(),
          samplesPerChunk(p),
          (s, e) -> {
            for (int n = s; n < e; n++) {
              for (int c = 0; c < channels; c++) {
                int o = n * stride + c * len;
                inputGrad(g, x, gx.data, o, o + len, hi[c], lo[c], k1[c], k2[c], k3[c]);
              }
            }
          });
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
