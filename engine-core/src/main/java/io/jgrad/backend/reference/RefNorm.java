package io.jgrad.backend.reference;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.BatchNormParams;

/**
 * Reference batch normalization in double precision, one channel at a time. Element i of channel c
 * of sample n sits at {@code (n * C + c) * spatial + i}; statistics run over n and i. A fused ReLU
 * clamps the normalized value and masks the gradient, exactly as the separate ops would.
 */
final class RefNorm implements NormKernels {
  private final RefBackend backend;

  RefNorm(RefBackend backend) {
    this.backend = backend;
  }

  @Override
  public TrainResult forwardTraining(
      Storage input,
      Storage weight,
      Storage bias,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p) {
    double[] x = checked("input", input, p.size());
    double[] w = optional("weight", weight, p.channels());
    double[] b = optional("bias", bias, p.channels());
    double[] rm = optional("runningMean", runningMean, p.channels());
    double[] rv = optional("runningVar", runningVar, p.channels());
    int count = p.perChannel();
    if (count < 2) {
      throw new IllegalArgumentException(
          "batch_norm: expected more than 1 value per channel when training, got " + count);
    }
    RefStorage out = backend.allocate(p.size());
    RefStorage mean = backend.allocate(p.channels());
    RefStorage invStd = backend.allocate(p.channels());
    for (int c = 0; c < p.channels(); c++) {
      double sum = 0;
      for (int n = 0; n < p.batch(); n++) {
        for (int i = 0; i < p.spatial(); i++) {
          sum += x[index(p, n, c, i)];
        }
      }
      double mu = sum / count;
      double sq = 0;
      for (int n = 0; n < p.batch(); n++) {
        for (int i = 0; i < p.spatial(); i++) {
          double d = x[index(p, n, c, i)] - mu;
          sq += d * d;
        }
      }
      double var = sq / count;
      double is = 1.0 / Math.sqrt(var + p.eps());
      mean.data[c] = mu;
      invStd.data[c] = is;
      normalize(p, c, x, out.data, mu, is, w, b);
      if (rm != null) {
        rm[c] = (1 - p.momentum()) * rm[c] + p.momentum() * mu;
      }
      if (rv != null) {
        rv[c] = (1 - p.momentum()) * rv[c] + p.momentum() * var * count / (count - 1);
      }
    }
    return new TrainResult(out, mean, invStd);
  }

  @Override
  public Storage forwardInference(
      Storage input,
      Storage weight,
      Storage bias,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p) {
    double[] x = checked("input", input, p.size());
    double[] w = optional("weight", weight, p.channels());
    double[] b = optional("bias", bias, p.channels());
    double[] rm = checked("runningMean", runningMean, p.channels());
    double[] rv = checked("runningVar", runningVar, p.channels());
    RefStorage out = backend.allocate(p.size());
    for (int c = 0; c < p.channels(); c++) {
      normalize(p, c, x, out.data, rm[c], 1.0 / Math.sqrt(rv[c] + p.eps()), w, b);
    }
    return out;
  }

  @Override
  public Grads backwardTraining(
      Storage gradOut,
      Storage input,
      Storage weight,
      Storage saveMean,
      Storage saveInvStd,
      BatchNormParams p,
      boolean[] needsGrad) {
    return backward(
        gradOut, input, weight, saveMean, saveInvStd, NormKernels.requirePlain(p), needsGrad, true);
  }

  @Override
  public Grads backwardTrainingRelu(
      Storage gradOut,
      Storage output,
      Storage input,
      Storage weight,
      Storage saveMean,
      Storage saveInvStd,
      BatchNormParams p,
      boolean[] needsGrad) {
    Storage masked = masked(gradOut, output, p);
    return backward(masked, input, weight, saveMean, saveInvStd, p, needsGrad, true);
  }

  @Override
  public Grads backwardInference(
      Storage gradOut,
      Storage input,
      Storage weight,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p,
      boolean[] needsGrad) {
    return inference(
        gradOut, input, weight, runningMean, runningVar, NormKernels.requirePlain(p), needsGrad);
  }

  @Override
  public Grads backwardInferenceRelu(
      Storage gradOut,
      Storage output,
      Storage input,
      Storage weight,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p,
      boolean[] needsGrad) {
    Storage masked = masked(gradOut, output, p);
    return inference(masked, input, weight, runningMean, runningVar, p, needsGrad);
  }

  private Grads inference(
      Storage gradOut,
      Storage input,
      Storage weight,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p,
      boolean[] needsGrad) {
    double[] rv = checked("runningVar", runningVar, p.channels());
    RefStorage invStd = backend.allocate(p.channels());
    for (int c = 0; c < p.channels(); c++) {
      invStd.data[c] = 1.0 / Math.sqrt(rv[c] + p.eps());
    }
    return backward(gradOut, input, weight, runningMean, invStd, p, needsGrad, false);
  }

  /**
   * With xhat = (x - mean) * invStd and g the upstream gradient: dbias = sum g, dweight = sum g *
   * xhat. When the statistics are batch statistics, dx = weight * invStd * (g - mean(g) - xhat *
   * mean(g * xhat)); when they are constants, dx = weight * invStd * g.
   */
  private Grads backward(
      Storage gradOut,
      Storage input,
      Storage weight,
      Storage mean,
      Storage invStd,
      BatchNormParams p,
      boolean[] needsGrad,
      boolean batchStats) {
    double[] g = checked("gradOut", gradOut, p.size());
    double[] x = checked("input", input, p.size());
    double[] w = optional("weight", weight, p.channels());
    double[] mu = checked("mean", mean, p.channels());
    double[] is = checked("invStd", invStd, p.channels());
    if (needsGrad == null || needsGrad.length != 3) {
      throw new IllegalArgumentException("batch_norm: needsGrad must have 3 entries");
    }
    RefStorage gx = needsGrad[0] ? backend.allocate(p.size()) : null;
    RefStorage gw = needsGrad[1] && w != null ? backend.allocate(p.channels()) : null;
    RefStorage gb = needsGrad[2] && w != null ? backend.allocate(p.channels()) : null;
    int count = p.perChannel();
    for (int c = 0; c < p.channels(); c++) {
      double sumG = 0;
      double sumGx = 0;
      for (int n = 0; n < p.batch(); n++) {
        for (int i = 0; i < p.spatial(); i++) {
          int at = index(p, n, c, i);
          sumG += g[at];
          sumGx += g[at] * (x[at] - mu[c]) * is[c];
        }
      }
      if (gw != null) {
        gw.data[c] = sumGx;
      }
      if (gb != null) {
        gb.data[c] = sumG;
      }
      if (gx == null) {
        continue;
      }
      double scale = (w == null ? 1 : w[c]) * is[c];
      for (int n = 0; n < p.batch(); n++) {
        for (int i = 0; i < p.spatial(); i++) {
          int at = index(p, n, c, i);
          double v = g[at];
          if (batchStats) {
            double xhat = (x[at] - mu[c]) * is[c];
            v = v - sumG / count - xhat * sumGx / count;
          }
          gx.data[at] = scale * v;
        }
      }
    }
    return new Grads(gx, gw, gb);
  }

  private static void normalize(
      BatchNormParams p,
      int c,
      double[] x,
      double[] y,
      double mu,
      double is,
      double[] w,
      double[] b) {
    double scale = w == null ? 1 : w[c];
    double shift = b == null ? 0 : b[c];
    for (int n = 0; n < p.batch(); n++) {
      for (int i = 0; i < p.spatial(); i++) {
        int at = index(p, n, c, i);
        double v = (x[at] - mu) * is * scale + shift;
        y[at] = p.relu() ? Math.max(v, 0) : v;
      }
    }
  }

  /** ReLU's backward: g where the fused output is positive, else 0. */
  private Storage masked(Storage gradOut, Storage output, BatchNormParams p) {
    double[] g = checked("gradOut", gradOut, p.size());
    double[] y = checked("output", output, p.size());
    RefStorage out = backend.allocate(p.size());
    for (int i = 0; i < g.length; i++) {
      out.data[i] = y[i] > 0 ? g[i] : 0;
    }
    return out;
  }

  private static int index(BatchNormParams p, int n, int c, int i) {
    return (n * p.channels() + c) * p.spatial() + i;
  }

  private static double[] optional(String what, Storage s, int size) {
    return s == null ? null : checked(what, s, size);
  }

  private static double[] checked(String what, Storage s, int size) {
    if (s == null) {
      throw new IllegalArgumentException("batch_norm: " + what + " is null");
    }
    double[] d = RefStorage.data(s);
    if (d.length != size) {
      throw new IllegalArgumentException(
          "batch_norm: " + what + " must have " + size + " elements, got " + d.length);
    }
    return d;
  }
}
