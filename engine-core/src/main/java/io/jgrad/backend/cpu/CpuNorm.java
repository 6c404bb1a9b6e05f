package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.BatchNormParams;

/**
 * Float32 batch normalization, parallel over channels. Statistics are sums of deviations from a
 * rough mean of the first samples, with long sums in double ({@link NormMath}), so data with a
 * large mean and small spread (mean 3, std 0.5) loses nothing to E[x^2] - E[x]^2 cancellation. The
 * elementwise passes are written as {@code y[i] = (x[i] - mean) * scale + shift} over one plane at
 * a time, which C2 vectorizes. With a fused ReLU ({@link BatchNormParams#relu()}) the forward
 * passes clamp in the same loop and the backward masks the gradient channel by channel (see {@link
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
    CpuStorage out = backend.uninitialized(p.size());
    CpuStorage mean = backend.uninitialized(p.channels());
    CpuStorage invStd = backend.uninitialized(p.channels());
    VectorOps ops = backend.ops();
    Parallel.forChunks(
        p.channels(),
        NormMath.channelsPerChunk(p),
        (s, e) -> {
          for (int c = s; c < e; c++) {
            // a rough mean from the first few samples, then sums of deviations from it: mean
            // and variance without cancellation even when the mean is large compared to the
            // spread, in one pass over the channel
            double rough = NormMath.roughMean(ops, p, x, c);
            double[] dev = NormMath.centered(ops, p, x, c, rough);
            double shift = dev[0] / count;
            if (shift * shift > NormMath.MAX_SHIFT * (dev[1] / count)) {
              // the first samples were far from the rest: center again on the batch mean
              rough += shift;
              dev = NormMath.centered(ops, p, x, c, rough);
              shift = dev[0] / count;
            }
            double mu = rough + shift;
            double var = Math.max(0, dev[1] / count - shift * shift);
            double is = 1.0 / Math.sqrt(var + p.eps());
            mean.data[c] = (float) mu;
            invStd.data[c] = (float) is;
            NormMath.affine(ops, p, c, x, out.data, mu, is, w, b);
            double keep = 1 - p.momentum();
            if (rm != null) {
              rm[c] = (float) (keep * rm[c] + p.momentum() * mu);
            }
            if (rv != null) {
              rv[c] = (float) (keep * rv[c] + p.momentum() * var * count / (count - 1));
            }
          }
        });
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
    CpuStorage out = backend.uninitialized(p.size());
    VectorOps ops = backend.ops();
    Parallel.forChunks(
        p.channels(),
        NormMath.channelsPerChunk(p),
        (s, e) -> {
          for (int c = s; c < e; c++) {
            double is = 1.0 / Math.sqrt(rv[c] + p.eps());
            NormMath.affine(ops, p, c, x, out.data, rm[c], is, w, b);
          }
        });
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
