package io.jgrad.functional;

import io.jgrad.Tensor;
import io.jgrad.backend.params.AdamParams;
import io.jgrad.backend.params.SgdParams;
import io.jgrad.util.Checks;

/**
 * In-place optimizer updates of a parameter from its gradient, dispatched to the parameter's
 * backend as one fused kernel. The nn optimizers call these; no graph is recorded.
 */
public final class OptimizerUpdates {
  private OptimizerUpdates() {}

  /** One SGD step; {@code momentumBuffer} is null when momentum is 0. */
  public static void sgd(
      Tensor param, Tensor grad, Tensor momentumBuffer, SgdParams p, boolean firstStep) {
    Checks.sameShape("sgd", "grad", param.shape(), grad.shape());
    Checks.sameDevice("sgd", param, grad);
    param
        .backend()
        .optim()
        .sgdStep(
            param.storage(),
            grad.storage(),
            momentumBuffer == null ? null : momentumBuffer.storage(),
            p,
            firstStep);
  }

  /** One Adam / AdamW step (1-based {@code step}). */
  public static void adam(
      Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamParams p, int step) {
    Checks.sameShape("adam", "grad", param.shape(), grad.shape());
    Checks.sameDevice("adam", param, grad);
    param
        .backend()
        .optim()
        .adamStep(param.storage(), grad.storage(), expAvg.storage(), expAvgSq.storage(), p, step);
  }
}
