package io.jgrad.backend.kernels;

import io.jgrad.backend.Storage;

/**
 * Element-wise maps over buffers of equal size. Broadcasting is done before, by {@link
 * CopyKernels}.
 */
public interface ElementwiseKernels {
  /** Unary functions. */
  enum UnaryOp {
    /** -x. */
    NEG,
    /** e^x. */
    EXP,
    /** natural log. */
    LOG,
    /** max(x, 0). */
    RELU,
    /** square root. */
    SQRT
  }

  /** Binary functions of two buffers, or of a buffer and a scalar. */
  enum BinaryOp {
    /** a + b. */
    ADD,
    /** a - b. */
    SUB,
    /** a * b. */
    MUL,
    /** a / b. */
    DIV,
    /** ReLU's gradient: b where a &gt; 0, else 0 (a is the ReLU output or input, b the grad). */
    RELU_BACKWARD,
    /** a^b ({@link PointwiseMath#pow}: C's pow, NaN for a negative a and a non-integer b). */
    POW,
    /** d(a^b)/da ({@link PointwiseMath#powBaseGrad}): b a^(b-1), 0 where b = 0. */
    POW_BASE_GRAD,
    /** d(a^b)/db ({@link PointwiseMath#powExponentGrad}): a^b ln a, 0 where a = 0 and b &gt;= 0. */
    POW_EXPONENT_GRAD
  }

  /** {@code op(x)} element by element, into a new buffer. */
  Storage unary(UnaryOp op, Storage x);

  /** {@code op(a, b)} element by element, into a new buffer; a and b have the same size. */
  Storage binary(BinaryOp op, Storage a, Storage b);

  /** {@code op(a, scalar)} element by element, into a new buffer. */
  Storage binaryScalar(BinaryOp op, Storage a, double scalar);

  /** {@code acc += x} in place (gradient accumulation). */
  void accumulate(Storage acc, Storage x);
}
