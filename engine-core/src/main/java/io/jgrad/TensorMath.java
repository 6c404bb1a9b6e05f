package io.jgrad;

import io.jgrad.ops.activation.ReluOp;
import io.jgrad.ops.elementwise.AddOp;
import io.jgrad.ops.elementwise.DivOp;
import io.jgrad.ops.elementwise.ExpOp;
import io.jgrad.ops.elementwise.LogOp;
import io.jgrad.ops.elementwise.MulOp;
import io.jgrad.ops.elementwise.NegOp;
import io.jgrad.ops.elementwise.ScalarOp;
import io.jgrad.ops.elementwise.SubOp;
import io.jgrad.ops.linalg.MatMulOp;
import io.jgrad.ops.movement.ExpandOp;
import io.jgrad.ops.movement.ReshapeOp;
import io.jgrad.ops.reduce.Reductions;
import io.jgrad.ops.reduce.SumOp;
import io.jgrad.ops.softmax.SoftmaxOp;

/**
 * The math of {@link Tensor}: every method is one line that applies an op from {@code
 * io.jgrad.ops}. Kept apart from {@code Tensor} (which holds data and autograd state) so each file
 * stays small; users simply call these on a tensor.
 */
public interface TensorMath {
  /** The tensor the operations apply to. */
  Tensor self();

  // ---- element-wise -------------------------------------------------------------------------

  /** this + other, broadcasting. */
  default Tensor add(Tensor other) {
    return AddOp.apply(self(), other);
  }

  /** this - other, broadcasting. */
  default Tensor sub(Tensor other) {
    return SubOp.apply(self(), other);
  }

  /** this * other, broadcasting. */
  default Tensor mul(Tensor other) {
    return MulOp.apply(self(), other);
  }

  /** this / other, broadcasting. */
  default Tensor div(Tensor other) {
    return DivOp.apply(self(), other);
  }

  /** this + s. */
  default Tensor add(double s) {
    return ScalarOp.add(self(), s);
  }

  /** this - s. */
  default Tensor sub(double s) {
    return ScalarOp.add(self(), -s);
  }

  /** this * s. */
  default Tensor mul(double s) {
    return ScalarOp.mul(self(), s);
  }

  /** this / s. */
  default Tensor div(double s) {
    return ScalarOp.mul(self(), 1.0 / s);
  }

  /** -this. */
  default Tensor neg() {
    return NegOp.apply(self());
  }

  /** e^this. */
  default Tensor exp() {
    return ExpOp.apply(self());
  }

  /** natural log. */
  default Tensor log() {
    return LogOp.apply(self());
  }

  /** max(this, 0). */
  default Tensor relu() {
    return ReluOp.apply(self());
  }

  // ---- reductions ---------------------------------------------------------------------------

  /** Sum of all elements, a 0-d tensor. */
  default Tensor sum() {
    return SumOp.apply(self(), null, false);
  }

  /** Sum over {@code dims}. */
  default Tensor sum(int[] dims, boolean keepDim) {
    return SumOp.apply(self(), dims, keepDim);
  }

  /** Mean of all elements, a 0-d tensor. */
  default Tensor mean() {
    return Reductions.mean(self(), null, false);
  }

  /** Mean over {@code dims}. */
  default Tensor mean(int[] dims, boolean keepDim) {
    return Reductions.mean(self(), dims, keepDim);
  }

  // ---- movement -----------------------------------------------------------------------------

  /** The same data with a new shape (one entry may be -1). */
  default Tensor reshape(int... newShape) {
    return ReshapeOp.apply(self(), newShape);
  }

  /** Alias of {@link #reshape}: storage is always contiguous. */
  default Tensor view(int... newShape) {
    return ReshapeOp.apply(self(), newShape);
  }

  /** Flattens dims {@code startDim..endDim} (inclusive, negative counts from the end). */
  default Tensor flatten(int startDim, int endDim) {
    return ReshapeOp.flatten(self(), startDim, endDim);
  }

  /** Broadcasts to {@code target} (NumPy rules). */
  default Tensor expand(Shape target) {
    return ExpandOp.apply(self(), target);
  }

  // ---- linear algebra and softmax -----------------------------------------------------------

  /** 2-D matrix product. */
  default Tensor matmul(Tensor other) {
    return MatMulOp.apply(self(), other);
  }

  /** Softmax along {@code dim}. */
  default Tensor softmax(int dim) {
    return SoftmaxOp.apply(self(), dim, false);
  }

  /** Log-softmax along {@code dim}. */
  default Tensor logSoftmax(int dim) {
    return SoftmaxOp.apply(self(), dim, true);
  }
}
