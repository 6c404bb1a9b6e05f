package io.jgrad.ops.reduce;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;

/** Sum over some or all dims. The gradient is the output gradient broadcast back. */
public final class SumOp extends Function {
  private Shape keptShape;
  private Shape inputShape;

  /** Sum of x over {@code dims} (null: all dims), keeping them as size 1 when asked. */
  public static Tensor apply(Tensor x, int[] dims, boolean keepDim) {
    Shape s = x.shape();
    boolean[] reduce = Reductions.axesMask("sum", s, dims);
    int[] axes = Reductions.axes(reduce);
    SumOp op = new SumOp();
    op.inputShape = s;
    op.keptShape = Reductions.keptShape(s, reduce);
    Storage y = x.backend().reduce().sum(x.storage(), s, axes);
    Shape out = keepDim ? op.keptShape : Reductions.droppedShape(s, reduce);
    return op.record(y, out, x);
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().copy().expand(g, keptShape, inputShape));
  }
}
