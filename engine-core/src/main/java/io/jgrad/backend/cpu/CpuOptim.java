package io.jgrad.backend.cpu;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.OptimKernels;
import io.jgrad.backend.params.AdamParams;
import io.jgrad.backend.params.SgdParams;

/**
 * SGD and Adam/AdamW steps in place over float32 buffers (PyTorch 1.13 formulas). Each element's
 * update is computed in double and stored once as float; elements are split across threads.
 */
final class CpuOptim implements OptimKernels {
  /** Elements per chunk. */
  private static final int GRAIN = 1 << 14;

  CpuOptim(CpuBackend backend) {}

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
    float[] w = CpuStorage.data(param);
    float[] g = CpuStorage.data(grad);
    checkSameSize("sgd grad", w.length, g.length);
    float[] buf;
    if (p.momentum() != 0) {
      if (momentumBuffer == null) {
        throw new IllegalArgumentException("sgd: momentum " + p.momentum() + " needs a buffer");
      }
      buf = CpuStorage.data(momentumBuffer);
      checkSameSize("sgd momentum buffer", w.length, buf.length);
    } else {
      buf = null;
    }
    double lr = p.lr();
    double wd = p.weightDecay();
    double mom = p.momentum();
    double keep = 1 - p.dampening();
    boolean nesterov = p.nesterov();
    Parallel.forChunks(
        w.length,
        GRAIN,
        (s, e) -> {
          for (int i = s; i < e; i++) {
            double d = g[i];
            if (wd != 0) {
              d += wd * w[i];
            }
            if (buf != null) {
              double b = firstStep ? d : mom * buf[i] + keep * d;
              buf[i] = (float) b;
              d = nesterov ? d + mom * b : b;
            }
            w[i] = (float) (w[i] - lr * d);
          }
        });
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
    float[] w = CpuStorage.data(param);
    float[] g = CpuStorage.data(grad);
    float[] m = CpuStorage.data(expAvg);
    float[] v = CpuStorage.data(expAvgSq);
    checkSameSize("adam grad", w.length, g.length);
    checkSameSize("adam exp_avg", w.length, m.length);
    checkSameSize("adam exp_avg_sq", w.length, v.length);
    if (step < 1) {
      throw new IllegalArgumentException("adam: step must be >= 1, got " + step);
    }
    double b1 = p.beta1();
    double b2 = p.beta2();
    double eps = p.eps();
    double stepSize = p.lr() / (1 - Math.pow(b1, step));
    double bias2Sqrt = Math.sqrt(1 - Math.pow(b2, step));
    double decay = p.decoupled() ? 1 - p.lr() * p.weightDecay() : 1;
    double l2 = p.decoupled() ? 0 : p.weightDecay();
    Parallel.forChunks(
        w.length,
        GRAIN,
        (s, e) -> {
          for (int i = s; i < e; i++) {
            double wi = w[i] * decay;
            double gi = g[i];
            if (l2 != 0) {
              gi += l2 * wi;
            }
            double mi = b1 * m[i] + (1 - b1) * gi;
            double vi = b2 * v[i] + (1 - b2) * gi * gi;
            m[i] = (float) mi;
            v[i] = (float) vi;
            w[i] = (float) (wi - stepSize * mi / (Math.sqrt(vi) / bias2Sqrt + eps));
          }
        });
  }

  private static void checkSameSize(String what, int expected, int actual) {
    if (expected != actual) {
      throw new IllegalArgumentException(
          what + " has " + actual + " elements but the parameter has " + expected);
    }
  }
}
