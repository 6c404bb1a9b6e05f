package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.LossKernels;

/** Negative log-likelihood with mean reduction; the batch sum is taken in double. */
final class CpuLoss implements LossKernels {
  private final CpuBackend backend;

  CpuLoss(CpuBackend backend) {
    this.backend = backend;
  }

  /** {@code -(1/N) Σ_i logProbs[i, t_i]} as a one-element buffer. */
  @Override
  public Storage nllForward(Storage logProbs, int[] targets, int batch, int classes) {
    float[] lp = CpuStorage.data(logProbs);
    checkSizes(lp.length, targets, batch, classes);
    double sum = 0;
    for (int i = 0; i < batch; i++) {
      sum += lp[i * classes + targets[i]];
    }
    return backend.adopt(new float[] {(float) (-sum / batch)});
  }

  /** {@code -gradLoss/N} at each {@code [i, t_i]}, zero elsewhere. */
  @Override
  public Storage nllBackward(Storage gradLoss, int[] targets, int batch, int classes) {
    float[] g = CpuStorage.data(gradLoss);
    checkSizes(batch * classes, targets, batch, classes);
    if (g.length != 1) {
      throw new IllegalArgumentException(
          "nll backward: gradLoss must have 1 element, got " + g.length);
    }
    float value = (float) (-(double) g[0] / batch);
    float[] dx = new float[batch * classes];
    for (int i = 0; i < batch; i++) {
      dx[i * classes + targets[i]] = value;
    }
    return backend.adopt(dx);
  }

  private static void checkSizes(int size, int[] targets, int batch, int classes) {
    if ((long) batch * classes != size) {
      throw new IllegalArgumentException(
          "nll: logProbs has " + size + " elements, expected [" + batch + ", " + classes + "]");
    }
    if (targets.length != batch) {
      throw new IllegalArgumentException(
          "nll: " + targets.length + " targets for a batch of " + batch);
    }
  }
}
