package io.jgrad.ops.elementwise;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.kernels.PointwiseKernels.Compare;
import io.jgrad.util.Checks;

/**
 * Element-wise comparisons with broadcasting. They are not differentiable: the result (1 where
 * true, 0 where false, as float32) never requires grad, like PyTorch's bool results.
 */
public final class Comparisons {
  private Comparisons() {}

  /** {@code op(a, b)} as 1/0, broadcasting. */
  public static Tensor apply(Compare op, Tensor a, Tensor b) {
    String name = op.name().toLowerCase();
    Checks.sameDevice(name, a, b);
    Shape out = Shape.broadcast(name, a.shape(), b.shape());
    try (var s = GradMode.noGrad()) {
      Tensor x = a.expand(out);
      Tensor y = b.expand(out);
      return Tensor.wrap(x.backend().pointwise().compare(op, x.storage(), y.storage()), out);
    }
  }

  /** {@code op(a, s)} as 1/0 for a scalar s. */
  public static Tensor apply(Compare op, Tensor a, double s) {
    return apply(op, a, Tensors.full(Shape.scalar(), s, a.device()));
  }
}
