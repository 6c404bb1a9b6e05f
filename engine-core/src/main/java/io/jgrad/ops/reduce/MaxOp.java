package io.jgrad.ops.reduce;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.ValuesIndices;
import io.jgrad.autograd.Function;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.Storage;

/**
 * Maximum over one dim, with the index where it is (the first on ties; NaN counts as the maximum).
 * Saves the indices: the gradient goes to the chosen element only. min and argmin are composites of
 * max on the negated input.
 */
public final class MaxOp extends Function {
  private Storage indices;
  private int outer;
  private int size;
  private int inner;

  /** torch.max(x, dim, keepdim): values and indices. */
  public static ValuesIndices apply(Tensor x, int dim, boolean keepDim) {
    return run("max", x, dim, keepDim);
  }

  /** torch.min(x, dim, keepdim): values and indices (max of -x, negated back). */
  public static ValuesIndices min(Tensor x, int dim, boolean keepDim) {
    ValuesIndices r = run("min", x.neg(), dim, keepDim);
    return new ValuesIndices(r.values().neg(), r.indices());
  }

  /** torch.argmax(x, dim, keepdim). */
  public static Tensor argmax(Tensor x, int dim, boolean keepDim) {
    try (var s = GradMode.noGrad()) {
      return run("argmax", x, dim, keepDim).indices();
    }
  }

  /** torch.argmin(x, dim, keepdim). */
  public static Tensor argmin(Tensor x, int dim, boolean keepDim) {
    try (var s = GradMode.noGrad()) {
      return run("argmin", x.neg(), dim, keepDim).indices();
    }
  }

  private static ValuesIndices run(String name, Tensor x, int dim, boolean keepDim) {
    Shape s = x.shape();
    if (s.rank() == 0) {
      throw new IllegalArgumentException(
          name + ": needs a tensor with at least one dim, got a 0-d tensor (dim " + dim + ")");
    }
    int d;
    try {
      d = s.normalizeDim(dim);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
    if (s.dim(d) == 0) {
      throw new IllegalArgumentException(
          name + ": dim " + dim + " of " + s + " is empty; there is no maximum to take");
    }
    MaxOp op = new MaxOp();
    op.outer = s.prod(0, d);
    op.size = s.dim(d);
    op.inner = s.prod(d + 1, s.rank());
    Storage[] vi = x.backend().index().maxAlong(x.storage(), op.outer, op.size, op.inner);
    op.indices = vi[1];
    boolean[] mask = new boolean[s.rank()];
    mask[d] = true;
    Shape out = keepDim ? Reductions.keptShape(s, mask) : Reductions.droppedShape(s, mask);
    Tensor values = op.record(vi[0], out, x);
    return new ValuesIndices(values, Tensor.wrap(vi[1], out));
  }

  @Override
  public String name() {
    return "max";
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().index().maxAlongBackward(g, indices, outer, size, inner));
  }

  @Override
  protected void releaseSaved() {
    indices = null;
  }
}
