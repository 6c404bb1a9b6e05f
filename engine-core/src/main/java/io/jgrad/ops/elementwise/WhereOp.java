package io.jgrad.ops.elementwise;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PointwiseKernels;
import io.jgrad.util.Checks;

/**
 * y = cond ? a : b element by element (cond is true where non-zero), all three broadcast together.
 * Saves the condition: a's gradient is g where cond holds, b's where it does not.
 */
public final class WhereOp extends Function {
  private Storage cond;

  /** torch.where(cond, a, b). The condition gets no gradient. */
  public static Tensor apply(Tensor cond, Tensor a, Tensor b) {
    Checks.sameDevice("where", cond, a);
    Checks.sameDevice("where", a, b);
    Shape out =
        Shape.broadcast("where", Shape.broadcast("where", cond.shape(), a.shape()), b.shape());
    Tensor c;
    try (var s = GradMode.noGrad()) {
      c = cond.expand(out);
    }
    Tensor ea = a.expand(out);
    Tensor eb = b.expand(out);
    WhereOp op = new WhereOp();
    op.cond = c.storage();
    Storage y = ea.backend().pointwise().where(op.cond, ea.storage(), eb.storage());
    return op.record(y, out, ea, eb);
  }

  @Override
  protected Storage[] backward(Storage g) {
    PointwiseKernels k = backend().pointwise();
    try (Storage zero = backend().memory().zeros(g.size())) {
      return grads(
          needsInputGrad(0) ? k.where(cond, g, zero) : null,
          needsInputGrad(1) ? k.where(cond, zero, g) : null);
    }
  }

  @Override
  protected void releaseSaved() {
    cond = null;
  }
}
