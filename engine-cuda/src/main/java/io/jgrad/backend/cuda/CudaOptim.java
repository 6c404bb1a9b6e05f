package io.jgrad.backend.cuda;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.Launch;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.OptimKernels;
import io.jgrad.backend.params.AdamParams;
import io.jgrad.backend.params.SgdParams;
import jcuda.Pointer;

/** SGD and Adam/AdamW as one fused {@code optim.cu} kernel per parameter, in place. */
final class CudaOptim implements OptimKernels {
  private static final String FILE = "optim.cu";

  private final CudaBackend backend;

  CudaOptim(CudaBackend backend) {
    this.backend = backend;
  }

  @Override
  public void sgdStep(
      Storage param, Storage grad, Storage momentumBuffer, SgdParams p, boolean firstStep) {
    CudaStorage w = CudaStorage.of(param, "sgd param");
    CudaStorage g = CudaStorage.of(grad, "sgd grad");
    sameSize("sgd grad", w, g);
    CudaStorage buf = null;
    if (p.momentum() != 0) {
      if (momentumBuffer == null) {
        throw new IllegalArgumentException("sgd: momentum " + p.momentum() + " needs a buffer");
      }
      buf = CudaStorage.of(momentumBuffer, "sgd momentum buffer");
      sameSize("sgd momentum buffer", w, buf);
    }
    int n = w.size();
    if (n > 0) {
      StreamContext sc = backend.stream();
      Launch.args()
          .ptr(w.pointer(sc))
          .ptr(g.pointer(sc))
          .ptr(buf == null ? new Pointer() : buf.pointer(sc))
          .i(n)
          .d(p.lr())
          .d(p.weightDecay())
          .d(p.momentum())
          .d(1 - p.dampening())
          .i(p.nesterov() ? 1 : 0)
          .i(firstStep ? 1 : 0)
          .run(
              sc,
              backend.kernels().function(FILE, "sgd_step"),
              Launch.blocks(n),
              Launch.THREADS,
              0,
              "sgd step of " + n + " parameters");
    }
    CudaStorage.keepAlive(w, g, buf);
  }

  @Override
  public void adamStep(
      Storage param, Storage grad, Storage expAvg, Storage expAvgSq, AdamParams p, int step) {
    CudaStorage w = CudaStorage.of(param, "adam param");
    CudaStorage g = CudaStorage.of(grad, "adam grad");
    CudaStorage m = CudaStorage.of(expAvg, "adam exp_avg");
    CudaStorage v = CudaStorage.of(expAvgSq, "adam exp_avg_sq");
    sameSize("adam grad", w, g);
    sameSize("adam exp_avg", w, m);
    sameSize("adam exp_avg_sq", w, v);
    if (step < 1) {
      throw new IllegalArgumentException("adam: step must be >= 1, got " + step);
    }
    int n = w.size();
    if (n > 0) {
      StreamContext sc = backend.stream();
      double b1 = p.beta1();
      double b2 = p.beta2();
      Launch.args()
          .ptr(w.pointer(sc))
          .ptr(g.pointer(sc))
          .ptr(m.pointer(sc))
          .ptr(v.pointer(sc))
          .i(n)
          .d(p.lr() / (1 - Math.pow(b1, step)))
          .d(Math.sqrt(1 - Math.pow(b2, step)))
          .d(p.decoupled() ? 1 - p.lr() * p.weightDecay() : 1)
          .d(p.decoupled() ? 0 : p.weightDecay())
          .d(b1)
          .d(b2)
          .d(p.eps())
          .run(
              sc,
              backend.kernels().function(FILE, "adam_step"),
              Launch.blocks(n),
              Launch.THREADS,
              0,
              "adam step " + step + " of " + n + " parameters");
    }
    CudaStorage.keepAlive(w, g, m, v);
  }

  private static void sameSize(String what, CudaStorage param, CudaStorage other) {
    if (param.size() != other.size()) {
      throw new IllegalArgumentException(
          what + " has " + other.size() + " elements but the parameter has " + param.size());
    }
  }
}
