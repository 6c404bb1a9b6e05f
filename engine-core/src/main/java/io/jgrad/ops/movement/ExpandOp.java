package io.jgrad.ops.movement;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import java.util.Arrays;

/**
 * Broadcasts x to a larger shape (NumPy rules). Its backward is the gradient summed back to the
 * input's shape; this is where every broadcasting op gets its reduction from.
 */
public final class ExpandOp extends Function {
  private Shape target;
  private int[] sumAxes;

  /** x broadcast to {@code target}; x itself when the shapes already agree. */
  public static Tensor apply(Tensor x, Shape target) {
    Shape from = x.shape();
    if (from.equals(target)) {
      return x;
    }
    if (from.rank() > target.rank() || !Shape.broadcast("expand", from, target).equals(target)) {
      throw new IllegalArgumentException(
          "expand: shape " + from + " cannot be expanded to " + target);
    }
    Shape padded = from.padLeft(target.rank());
    int lead = target.rank() - from.rank();
    int[] axes = new int[target.rank()];
    int count = 0;
    for (int i = 0; i < target.rank(); i++) {
      if (i < lead || (padded.dim(i) == 1 && target.dim(i) != 1)) {
        axes[count++] = i;
      }
    }
    ExpandOp op = new ExpandOp();
    op.target = target;
    op.sumAxes = Arrays.copyOf(axes, count);
    Storage y = x.backend().copy().expand(x.storage(), padded, target);
    return op.record(y, target, x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().reduce().sum(g, target, sumAxes));
  }
}
