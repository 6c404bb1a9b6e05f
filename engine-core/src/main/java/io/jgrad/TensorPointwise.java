package io.jgrad;

import io.jgrad.backend.kernels.PointwiseKernels.Compare;
import io.jgrad.ops.activation.GeluOp;
import io.jgrad.ops.activation.LeakyReluOp;
import io.jgrad.ops.activation.SigmoidOp;
import io.jgrad.ops.activation.TanhOp;
import io.jgrad.ops.elementwise.AbsOp;
import io.jgrad.ops.elementwise.ClampOp;
import io.jgrad.ops.elementwise.Comparisons;
import io.jgrad.ops.elementwise.PowOp;
import io.jgrad.ops.elementwise.PowTensorOp;
import io.jgrad.ops.elementwise.SqrtOp;
import io.jgrad.ops.elementwise.WhereOp;

/**
 * Activations, element-wise math and comparisons of {@link Tensor}, each one line applying an op.
 * Comparisons return 1 where true and 0 where false (float32) and carry no gradient.
 */
public interface TensorPointwise {
  /** The tensor the operations apply to. */
  Tensor self();

  // ---- activations --------------------------------------------------------------------------

  /** 1 / (1 + e^-x). */
  default Tensor sigmoid() {
    return SigmoidOp.apply(self());
  }

  /** tanh x. */
  default Tensor tanh() {
    return TanhOp.apply(self());
  }

  /** x for x &gt; 0, else negativeSlope·x. */
  default Tensor leakyRelu(double negativeSlope) {
    return LeakyReluOp.apply(self(), negativeSlope);
  }

  /** x Φ(x), exact (PyTorch's default {@code approximate='none'}). */
  default Tensor gelu() {
    return GeluOp.apply(self(), "none");
  }

  /** GELU with {@code approximate} "none" or "tanh". */
  default Tensor gelu(String approximate) {
    return GeluOp.apply(self(), approximate);
  }

  // ---- math ---------------------------------------------------------------------------------

  /** √x. */
  default Tensor sqrt() {
    return SqrtOp.apply(self());
  }

  /** x^exponent. */
  default Tensor pow(double exponent) {
    return PowOp.apply(self(), exponent);
  }

  /**
   * x^exponent element by element, broadcasting ({@code torch.pow(x, exponent)}); a negative base
   * with a non-integer exponent gives NaN.
   */
  default Tensor pow(Tensor exponent) {
    return PowTensorOp.apply(self(), exponent);
  }

  /** |x|. */
  default Tensor abs() {
    return AbsOp.apply(self());
  }

  /** min(max(x, min), max); ±infinity leaves a side open. */
  default Tensor clamp(double min, double max) {
    return ClampOp.apply(self(), min, max);
  }

  /** max(x, min). */
  default Tensor clampMin(double min) {
    return ClampOp.apply(self(), min, Double.POSITIVE_INFINITY);
  }

  /** min(x, max). */
  default Tensor clampMax(double max) {
    return ClampOp.apply(self(), Double.NEGATIVE_INFINITY, max);
  }

  /** this where {@code cond} is non-zero, else {@code other} (broadcasting). */
  default Tensor where(Tensor cond, Tensor other) {
    return WhereOp.apply(cond, self(), other);
  }

  // ---- comparisons (broadcasting; 1 or 0) ---------------------------------------------------

  /** this == other. */
  default Tensor eq(Tensor other) {
    return Comparisons.apply(Compare.EQ, self(), other);
  }

  /** this != other. */
  default Tensor ne(Tensor other) {
    return Comparisons.apply(Compare.NE, self(), other);
  }

  /** this &lt; other. */
  default Tensor lt(Tensor other) {
    return Comparisons.apply(Compare.LT, self(), other);
  }

  /** this &lt;= other. */
  default Tensor le(Tensor other) {
    return Comparisons.apply(Compare.LE, self(), other);
  }

  /** this &gt; other. */
  default Tensor gt(Tensor other) {
    return Comparisons.apply(Compare.GT, self(), other);
  }

  /** this &gt;= other. */
  default Tensor ge(Tensor other) {
    return Comparisons.apply(Compare.GE, self(), other);
  }

  /** this == s. */
  default Tensor eq(double s) {
    return Comparisons.apply(Compare.EQ, self(), s);
  }

  /** this &lt; s. */
  default Tensor lt(double s) {
    return Comparisons.apply(Compare.LT, self(), s);
  }

  /** this &gt; s. */
  default Tensor gt(double s) {
    return Comparisons.apply(Compare.GT, self(), s);
  }
}
