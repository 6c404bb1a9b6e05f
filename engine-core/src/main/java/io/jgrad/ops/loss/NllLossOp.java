package io.jgrad.ops.loss;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.util.Checks;

/** Negative log-likelihood, mean over the batch: -(1/N) Σ_i x[i, t_i]. */
public final class NllLossOp extends Function {
  private int[] targets;
  private int batch;
  private int classes;

  /** The loss of log-probabilities [N, C] against class indices {@code targets} [N]. */
  public static Tensor apply(Tensor logProbs, int[] targets) {
    String op = "nll_loss";
    Checks.rank(op, "input", logProbs, 2, "[N, C]");
    int n = logProbs.dim(0);
    int c = logProbs.dim(1);
    Checks.check(
        targets.length == n,
        op,
        "target has "
            + targets.length
            + " entries but input "
            + logProbs.shape()
            + " has batch "
            + n);
    for (int i = 0; i < n; i++) {
      if (targets[i] < 0 || targets[i] >= c) {
        throw Checks.error(
            op,
            "target "
                + targets[i]
                + " at index "
                + i
                + " is out of bounds for "
                + c
                + " classes (input "
                + logProbs.shape()
                + ")");
      }
    }
    NllLossOp fn = new NllLossOp();
    fn.targets = targets.clone();
    fn.batch = n;
    fn.classes = c;
    Storage y = logProbs.backend().loss().nllForward(logProbs.storage(), fn.targets, n, c);
    return fn.record(y, Shape.scalar(), logProbs);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().loss().nllBackward(g, targets, batch, classes));
  }
}
