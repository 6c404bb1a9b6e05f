package io.jgrad.backend.reference;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.OptimKernels;
import io.jgrad.backend.params.AdamParams;
import io.jgrad.backend.params.SgdParams;

/** SGD and Adam/AdamW steps in double, line for line PyTorch 1.13's single-tensor updates. */
final class RefOptim implements OptimKernels {
  RefOptim(RefBackend backend) {}

  /**
   * One SGD step per element:
   *
   * <pre>
   * d = g + weightDecay * p
   * if momentum != 0:
   *   buf = d                                         (first step)
   *   buf = momentum * buf + (1 - dampening) * d      (later steps)
   *   d = nesterov ? d + momentum * buf : buf
   * p = p - lr * d
   * </pre>
   */
  @Override
  public void sgdStep(
      Storage param, Storage grad, Storage momentumBuffer, SgdParams p, boolean firstStep) {
    double[] w = RefStorage.data(param);
    double[] g = RefStorage.data(grad);
    checkSameSize("sgd grad", w.length, g.length);
    double[] buf = null;
    if (p.momentum() != 0) {
      if (momentumBuffer == null) {
        throw new IllegalArgumentException("sgd: momentum " + p.momentum() + " needs a buffer");
      }
      buf = RefStorage.data(momentumBuffer);
      checkSameSize("sgd momentum buffer", w.length, buf.length);
    }
    for (int i = 0; i < w.length; i++) {
      double d = g[i];
      if (p.weightDecay() != 0) {
        d += p.weightDecay() * w[i];
      }
      if (buf != null) {
        buf[i] = firstStep ? d : p.momentum() * buf[i] + (1 - p.dampening()) * d;
        d = p.nesterov() ? d + p.momentum() * buf[i] : buf[i];
      }
      w[i] -= p.lr() * d;
    }
  }

  /**
   * One Adam / AdamW step per element, {@code t = step}:
   *
   * <pre>
   * adam : g = g + weightDecay * p            adamw: p = p * (1 - lr * weightDecay)
   * m = b1 * m + (1 - b1) * g
   * v = b2 * v + (1 - b2) * g * g
   * p = p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
   * </pre>
   */
  @Override
  public void adamStep(
      Storage param, Storage grad, Storage expAvg, Storage expAvgSq, AdamParams p, int step) {
    double[] w = RefStorage.data(param);
    double[] g = RefStorage.data(grad);
    double[] m = RefStorage.data(expAvg);
    double[] v = RefStorage.data(expAvgSq);
    checkSameSize("adam grad", w.length, g.length);
    checkSameSize("adam exp_avg", w.length, m.length);
    checkSameSize("adam exp_avg_sq", w.length, v.length);
    if (step < 1) {
      throw new IllegalArgumentException("adam: step must be >= 1, got " + step);
    }
    double stepSize = p.lr() / (1 - Math.pow(p.beta1(), step));
    double bias2Sqrt = Math.sqrt(1 - Math.pow(p.beta2(), step));
    for (int i = 0; i < w.length; i++) {
      double gi = g[i];
      if (p.decoupled()) {
        w[i] *= 1 - p.lr() * p.weightDecay();
      } else if (p.weightDecay() != 0) {
        gi += p.weightDecay() * w[i];
      }
      m[i] = p.beta1() * m[i] + (1 - p.beta1()) * gi;
      v[i] = p.beta2() * v[i] + (1 - p.beta2()) * gi * gi;
      w[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / bias2Sqrt + p.eps());
    }
  }

  /** Throws unless two buffers have the same size. */
  static void checkSameSize(String what, int expected, int actual) {
    if (expected != actual) {
      throw new IllegalArgumentException(
          what + " has " + actual + " elements but the parameter has " + expected);
    }
  }
}
