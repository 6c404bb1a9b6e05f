package io.jgrad.backend.kernels;

import io.jgrad.backend.kernels.PointwiseKernels.Compare;
import io.jgrad.backend.kernels.PointwiseKernels.Fn;

/**
 * The scalar definition of every {@link PointwiseKernels} function in double precision: the
 * reference backend applies it as is, faster backends must agree with it within float32 rounding.
 */
public final class PointwiseMath {
  private static final double SQRT_2 = Math.sqrt(2.0);
  private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
  private static final double GELU_K = Math.sqrt(2.0 / Math.PI);
  private static final double GELU_C = 0.044715;

  private PointwiseMath() {}

  /** {@code fn(x; p, q)}. */
  public static double forward(Fn fn, double x, double p, double q) {
    switch (fn) {
      case SIGMOID:
        return 1.0 / (1.0 + Math.exp(-x));
      case TANH:
        return Math.tanh(x);
      case ABS:
        return Math.abs(x);
      case GELU:
        return x * normalCdf(x);
      case GELU_TANH:
        return 0.5 * x * (1.0 + Math.tanh(GELU_K * (x + GELU_C * x * x * x)));
      case LEAKY_RELU:
        return x > 0 ? x : x * p;
      case CLAMP:
        // NaN stays NaN, as in PyTorch.
        return Double.isNaN(x) ? x : Math.min(Math.max(x, p), q);
      case POW:
        return pow(x, p);
      default:
        throw new IllegalArgumentException("unknown pointwise function " + fn);
    }
  }

  /**
   * {@code g * fn'(x)}; {@code saved} is the output y for SIGMOID and TANH, the input x otherwise.
   */
  public static double backward(Fn fn, double saved, double g, double p, double q) {
    double x = saved;
    switch (fn) {
      case SIGMOID:
        return g * saved * (1.0 - saved);
      case TANH:
        return g * (1.0 - saved * saved);
      case ABS:
        return g * Math.signum(x);
      case GELU:
        return g * (normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x));
      case GELU_TANH:
        double t = Math.tanh(GELU_K * (x + GELU_C * x * x * x));
        double du = GELU_K * (1.0 + 3.0 * GELU_C * x * x);
        return g * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du);
      case LEAKY_RELU:
        return x > 0 ? g : g * p;
      case CLAMP:
        return x >= p && x <= q ? g : 0.0;
      case POW:
        return p == 0.0 ? 0.0 : g * p * pow(x, p - 1.0);
      default:
        throw new IllegalArgumentException("unknown pointwise function " + fn);
    }
  }

  /**
   * a^b as C's {@code pow} (and so PyTorch and CUDA) defines it: {@link Math#pow} except that 1^b =
   * 1 for every b, NaN included, and (-1)^±∞ = 1, where Java gives NaN. A negative base with a
   * non-integer exponent is NaN.
   */
  public static double pow(double a, double b) {
    if (a == 1.0 || (a == -1.0 && Double.isInfinite(b))) {
      return 1.0;
    }
    return Math.pow(a, b);
  }

  /** d(a^b)/da = b a^(b-1), and 0 where b = 0 (PyTorch's rule, so 0^0 has a zero gradient). */
  public static double powBaseGrad(double a, double b) {
    return b == 0.0 ? 0.0 : b * pow(a, b - 1.0);
  }

  /**
   * d(a^b)/db = a^b ln a, and 0 where a = 0 and b &gt;= 0 (PyTorch's rule: the limit from a &gt;
   * 0). A negative base gives NaN, since ln a is NaN.
   */
  public static double powExponentGrad(double a, double b) {
    return a == 0.0 && b >= 0.0 ? 0.0 : pow(a, b) * Math.log(a);
  }

  /** {@code op(a, b)} as 1 or 0 (IEEE 754: every comparison with NaN is false except NE). */
  public static double compare(Compare op, double a, double b) {
    boolean r;
    switch (op) {
      case EQ:
        r = a == b;
        break;
      case NE:
        r = a != b;
        break;
      case LT:
        r = a < b;
        break;
      case LE:
        r = a <= b;
        break;
      case GT:
        r = a > b;
        break;
      case GE:
        r = a >= b;
        break;
      default:
        throw new IllegalArgumentException("unknown comparison " + op);
    }
    return r ? 1.0 : 0.0;
  }

  /** The standard normal CDF Φ(x) = (1 + erf(x / √2)) / 2. */
  public static double normalCdf(double x) {
    return 0.5 * (1.0 + erf(x / SQRT_2));
  }

  /**
   * The error function to about 1e-15 relative error. For |x| &lt; 6 it sums the series erf(x) =
   * 2/√π e^(-x²) Σ 2^n x^(2n+1) / (1·3·…·(2n+1)), whose terms are all positive (no cancellation);
   * beyond 6, erf(x) = ±1 in double.
   */
  public static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double ax = Math.abs(x);
    if (ax >= 6.0) {
      return Math.copySign(1.0, x);
    }
    double twoX2 = 2.0 * ax * ax;
    double term = ax;
    double sum = ax;
    for (int n = 1; n < 500; n++) {
      term *= twoX2 / (2 * n + 1);
      sum += term;
      if (term <= sum * 1e-17) {
        break;
      }
    }
    return Math.copySign(Math.min(1.0, TWO_OVER_SQRT_PI * Math.exp(-ax * ax) * sum), x);
  }
}
