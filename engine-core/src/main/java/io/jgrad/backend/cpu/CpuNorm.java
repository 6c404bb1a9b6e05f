package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.BatchNormParams;

/**
 * Float32 batch normalization, parallel over samples ({@link NormMath}). Statistics are sums of
 * deviations from a rough mean of the first samples, with long sums in double, so data with a large
 * mean and small spread (mean 3, std 0.5) loses nothing to E[x^2] - E[x]^2 cancellation. The
 * elementwise passes are written as {@code y[i] = (x[i] - mean) * scale + shift} over one plane at
 * a time, which C2 vectorizes. With a fused ReLU ({@link BatchNormParams#relu()}) the forward
 * passes clamp in the same loop and the backward masks the gradient chunk by chunk (see {@link
 * NormMath#backward}).
 */
final class CpuNorm implements NormKernels {
  private final CpuBackend backend;

  CpuNorm(CpuBackend backend) {
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
    float[] x = NormMath.checked("input", input, p.size());
    float[] w = NormMath.optional("weight", weight, p.channels());
    float[] b = NormMath.optional("bias", bias, p.channels());
    float[] rm = NormMath.optional("runningMean", runningMean, p.channels());
    float[] rv = NormMath.optional("runningVar", runningVar, p.channels());
    int count = p.perChannel();
    if (count < 2) {
      throw new IllegalArgumentException(
          "batch_norm: expected more than 1 value per channel when training, got " + count);
    }
    VectorOps ops = backend.ops();
    int channels = p.channels();
    // a rough mean from the first few samples, then sums of deviations from it: mean and variance
    // without cancellation even when the mean is large compared to the spread, in one pass
    double[] center = new double[channels];
    for (int c = 0; c < channels; c++) {
      center[c] = NormMath.roughMean(ops, p, x, c);
    }
    double[] dev = NormMath.centered(ops, p, x, center, null);
    boolean[] again = null;
    for (int c = 0; c < channels; c++) {
      double shift = dev[2 * c] / count;
      if (shift * shift > NormMath.MAX_SHIFT * (dev[2 * c + 1] / count)) {
        // the first samples were far from the rest: center again on the batch mean
        again = again == null ? new boolean[channels] : again;
        again[c] = true;
        center[c] += shift;
      }
    }
    if (again != null) {
      double[] redo = NormMath.centered(ops, p, x, center, again);
      for (int c = 0; c < channels; c++) {
        if (again[c]) {
          dev[2 * c] = redo[2 * c];
          dev[2 * c + 1] = redo[2 * c + 1];
        }
      }
    }
    CpuStorage mean = backend.uninitialized(channels);
    CpuStorage invStd = backend.uninitialized(channels);
    double[] mu = new double[channels];
    double[] is = new double[channels];
    double keep = 1 - p.momentum();
    for (int c = 0; c < channels; c++) {
      double shift = dev[2 * c] / count;
      double var = Math.max(0, dev[2 * c + 1] / count - shift * shift);
      mu[c] = center[c] + shift;
      is[c] = 1.0 / Math.sqrt(var + p.eps());
      mean.data[c] = (float) mu[c];
      invStd.data[c] = (float) is[c];
      if (rm != null) {
        rm[c] = (float) (keep * rm[c] + p.momentum() * mu[c]);
      }
      if (rv != null) {
        rv[c] = (float) (keep * rv[c] + p.momentum() * var * count / (count - 1));
      }
    }
    CpuStorage out = backend.uninitialized(p.size());
    NormMath.affine(ops, p, x, out.data, mu, is, w, b);
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
    float[] x = NormMath.checked("input", input, p.size());
    float[] w = NormMath.optional("weight", weight, p.channels());
    float[] b = NormMath.optional("bias", bias, p.channels());
    float[] rm = NormMath.checked("runningMean", runningMean, p.channels());
    float[] rv = NormMath.checked("runningVar", runningVar, p.channels());
    double[] mean = new double[p.channels()];
    double[] is = new double[p.channels()];
    for (int c = 0; c < p.channels(); c++) {
      mean[c] = rm[c];
      is[c] = 1.0 / Math.sqrt(rv[c] + p.eps());
    }
    CpuStorage out = backend.uninitialized(p.size());
    NormMath.affine(backend.ops(), p, x, out.data, mean, is, w, b);
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
    return training(
        gradOut, null, input, weight, saveMean, saveInvStd, NormKernels.requirePlain(p), needsGrad);
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
    NormMath.checked("output", output, p.size());
    return training(gradOut, output, input, weight, saveMean, saveInvStd, p, needsGrad);
  }

  private Grads training(
      Storage gradOut,
      Storage output,
      Storage input,
      Storage weight,
      Storage saveMean,
      Storage saveInvStd,
      BatchNormParams p,
      boolean[] needsGrad) {
    float[] mean = NormMath.checked("saveMean", saveMean, p.channels());
    float[] invStd = NormMath.checked("saveInvStd", saveInvStd, p.channels());
    double[] m = new double[p.channels()];
    double[] is = new double[p.channels()];
    for (int c = 0; c < m.length; c++) {
      m[c] = mean[c];
      is[c] = invStd[c];
    }
    return NormMath.backward(backend, gradOut, output, input, weight, m, is, p, needsGrad, true);
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
        gradOut,
        null,
        input,
        weight,
        runningMean,
        runningVar,
        NormKernels.requirePlain(p),
        needsGrad);
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
    NormMath.checked("output", output, p.size());
    return inference(gradOut, output, input, weight, runningMean, runningVar, p, needsGrad);
  }

  private Grads inference(
      Storage gradOut,
      Storage output,
      Storage input,
      Storage weight,
      Storage runningMean,
      Storage runningVar,
      BatchNormParams p,
      boolean[] needsGrad) {
    float[] rm = NormMath.checked("runningMean", runningMean, p.channels());
    float[] rv = NormMath.checked("runningVar", runningVar, p.channels());
    double[] m = new double[p.channels()];
    double[] is = new double[p.channels()];
    for (int c = 0; c < m.length; c++) {
      m[c] = rm[c];
      is[c] = 1.0 / Math.sqrt(rv[c] + p.eps());
    }
    return NormMath.backward(backend, gradOut, output, input, weight, m, is, p, needsGrad, false);
  }
}
