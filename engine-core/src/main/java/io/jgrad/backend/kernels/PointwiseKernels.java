package io.jgrad.backend.kernels;

import io.jgrad.backend.Storage;

/**
 * Element-wise maps with up to two scalar parameters, their gradients, comparisons and selection.
 * Buffers have equal sizes; broadcasting is done before, by {@link CopyKernels}. The scalar
 * definition of every function is {@link PointwiseMath}, which each backend follows.
 */
public interface PointwiseKernels {
  /** Functions of one buffer and two scalar parameters {@code p}, {@code q}. */
  enum Fn {
    /** 1 / (1 + e^-x). Backward reads the output. */
    SIGMOID,
    /** tanh x. Backward reads the output. */
    TANH,
    /** |x|; gradient sign(x) (0 at 0). */
    ABS,
    /** x Φ(x) with the exact normal CDF (erf). */
    GELU,
    /** GELU's tanh approximation (PyTorch {@code approximate='tanh'}). */
    GELU_TANH,
    /** x for x &gt; 0, else p x. */
    LEAKY_RELU,
    /** min(max(x, p), q); gradient 1 where p &lt;= x &lt;= q. */
    CLAMP,
    /** x^p. */
    POW
  }

  /** Comparisons; the result is 1 where true, else 0. */
  enum Compare {
    /** a == b. */
    EQ,
    /** a != b. */
    NE,
    /** a &lt; b. */
    LT,
    /** a &lt;= b. */
    LE,
    /** a &gt; b. */
    GT,
    /** a &gt;= b. */
    GE
  }

  /** {@code fn(x; p, q)} element by element, into a new buffer. */
  Storage forward(Fn fn, Storage x, double p, double q);

  /**
   * {@code g * fn'(x; p, q)} element by element, into a new buffer; {@code saved} is the output for
   * {@link Fn#SIGMOID} and {@link Fn#TANH}, the input for every other function.
   */
  Storage backward(Fn fn, Storage saved, Storage g, double p, double q);

  /** {@code op(a, b)} as 1 or 0, into a new buffer. */
  Storage compare(Compare op, Storage a, Storage b);

  /** {@code cond != 0 ? a : b} element by element, into a new buffer. */
  Storage where(Storage cond, Storage a, Storage b);
}
