package io.jgrad.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.GradMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gradient checking in float64 on {@link Device#REFERENCE}, in the manner of PyTorch's {@code
 * torch.autograd.gradcheck}: the analytic vector-Jacobian product of a function (its backward with
 * a random upstream gradient {@code v}) is compared with central differences of {@code s(x) = Σ
 * f(x)·v}, for every input separately.
 *
 * <p>Small inputs (at most {@link #FULL_JACOBIAN_MAX} elements) are perturbed element by element,
 * which checks every entry of {@code vᵀJ} and, when the output is small too, every entry of the
 * full Jacobian against one backward pass per output element (PyTorch's slow mode). Larger inputs
 * use PyTorch's {@code fast_mode}: a few random unit directions {@code u}, comparing {@code vᵀJu}
 * with {@code (s(x+εu) - s(x-εu)) / 2ε}. An element passes when {@code |analytic - numeric| <= atol
 * + rtol·|numeric|}.
 *
 * <p>Besides the numbers, the check proves that
 *
 * <ul>
 *   <li>{@code f} is deterministic (functions that draw random numbers must reseed a fresh {@link
 *       Generator} on every call, so every evaluation uses the same mask);
 *   <li>every input gets a gradient when all inputs require one;
 *   <li>when only one input requires a gradient, that input gets the same gradient and the others
 *       get none (the needs-grad mask).
 * </ul>
 *
 * <pre>{@code
 * GradCheck.of("conv2d")
 *     .randomInput("input", gen, 2, 3, 5, 5)
 *     .randomInput("weight", gen, 4, 3, 3, 3)
 *     .check(xs -> Functional.conv2d(xs.get(0), xs.get(1), null, 1, 0));
 * }</pre>
 */
public final class GradCheck {
  /** Central-difference step (PyTorch's default for double). */
  public static final double EPS = 1e-6;

  /** Absolute tolerance (PyTorch's default for double). */
  public static final double ATOL = 1e-5;

  /** Relative tolerance (PyTorch's default for double). */
  public static final double RTOL = 1e-3;

  /**
   * Inputs up to this many elements get the per-element check (and the full Jacobian when the
   * output is no larger); larger inputs get fast mode.
   */
  public static final int FULL_JACOBIAN_MAX = 512;

  /** Random directions per input in fast mode. */
  public static final int FAST_MODE_DIRECTIONS = 3;

  /** The function under test: the inputs, in the order they were added, to one tensor. */
  @FunctionalInterface
  public interface Fn {
    /** Evaluates the function on reference-device tensors. */
    Tensor apply(List<Tensor> inputs);
  }

  private final String op;
  private final List<String> names = new ArrayList<>();
  private final List<Shape> shapes = new ArrayList<>();
  private final List<double[]> values = new ArrayList<>();
  private long seed = 20240601L;
  private double eps = EPS;
  private double atol = ATOL;
  private double rtol = RTOL;
  private Boolean fastMode;

  private GradCheck(String op) {
    this.op = op;
  }

  /** A check of {@code op} (the name used in failure messages). */
  public static GradCheck of(String op) {
    return new GradCheck(op);
  }

  /** Adds an input with the given values (copied), row-major in {@code shape}. */
  public GradCheck input(String name, Shape shape, double[] data) {
    if (data.length != shape.numel()) {
      throw new IllegalArgumentException(
          "gradcheck "
              + op
              + ": input '"
              + name
              + "' has "
              + data.length
              + " values for shape "
              + shape);
    }
    names.add(name);
    shapes.add(shape);
    values.add(data.clone());
    return this;
  }

  /** Adds an input with the values of {@code t} (copied; any device). */
  public GradCheck input(String name, Tensor t) {
    return input(name, t.shape(), t.toDoubleArray());
  }

  /** Adds an input of standard normal samples from {@code gen}. */
  public GradCheck randomInput(String name, Generator gen, int... shape) {
    Shape s = Shape.of(shape);
    return input(name, s, randn(gen, s.numel()));
  }

  /** Seeds the random upstream gradient and the fast-mode directions (default fixed). */
  public GradCheck seed(long s) {
    this.seed = s;
    return this;
  }

  /** Forces fast mode on (every input) or off (every input); by default it depends on size. */
  public GradCheck fastMode(boolean on) {
    this.fastMode = on;
    return this;
  }

  /** Overrides the tolerances (defaults: PyTorch's for double). */
  public GradCheck tolerances(double absolute, double relative) {
    this.atol = absolute;
    this.rtol = relative;
    return this;
  }

  /** Overrides the finite-difference step. */
  public GradCheck eps(double step) {
    this.eps = step;
    return this;
  }

  /** Runs the check; fails with a message naming the op, the input and the first bad element. */
  public void check(Fn f) {
    if (names.isEmpty()) {
      throw new IllegalStateException("gradcheck " + op + ": no inputs were added");
    }
    Tensor y = withoutGrad(() -> f.apply(leaves(values, -2)));
    Shape outShape = y.shape();
    double[] y0 = y.toDoubleArray();
    double[] again = withoutGrad(() -> f.apply(leaves(values, -2))).toDoubleArray();
    if (!Arrays.equals(y0, again)) {
      fail(
          "gradcheck "
              + op
              + ": two evaluations with the same inputs differ; f must be"
              + " deterministic (reseed a fresh Generator inside f)");
    }
    Generator gen = new Generator(seed);
    double[] v = randn(gen, y0.length);
    double[][] all = analytic(f, -1, outShape, v);
    double[][][] jacobians = null;
    for (int i = 0; i < names.size(); i++) {
      String what = "gradcheck " + op + ": input '" + names.get(i) + "' " + shapes.get(i);
      if (all[i] == null) {
        fail(what + " received no gradient although every input required one");
      }
      if (names.size() > 1) {
        double[][] only = analytic(f, i, outShape, v);
        for (int j = 0; j < names.size(); j++) {
          if (j != i && only[j] != null) {
            fail(
                what
                    + ": when only it requires grad, input '"
                    + names.get(j)
                    + "' still received a gradient (needs-grad mask ignored)");
          }
        }
        if (only[i] == null) {
          fail(what + " received no gradient when it alone required one");
        }
        compare(what + " (alone requiring grad vs. all requiring grad)", all[i], only[i], i);
      }
      boolean fast = fastMode != null ? fastMode : values.get(i).length > FULL_JACOBIAN_MAX;
      if (fast) {
        checkFast(what, f, i, v, all[i], gen);
      } else {
        if (jacobians == null && y0.length <= FULL_JACOBIAN_MAX) {
          jacobians = analyticJacobians(f);
        }
        checkFull(what, f, i, v, all[i], jacobians == null ? null : jacobians[i], outShape);
      }
    }
  }

  /**
   * Perturbs input {@code i} element by element: each pair of evaluations gives one numeric
   * Jacobian column, which is checked against the analytic Jacobian ({@code jacobian[k][j]} = d
   * output k / d input j; null when the output is too large) and, projected on {@code v}, against
   * the analytic vector-Jacobian product.
   */
  private void checkFull(
      String what, Fn f, int i, double[] v, double[] analytic, double[][] jacobian, Shape out) {
    double[] x = values.get(i);
    double[] numeric = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      List<double[]> vals = new ArrayList<>(values);
      double[] xp = x.clone();
      vals.set(i, xp);
      xp[j] = x[j] + eps;
      double[] plus = evaluate(f, vals, v.length);
      xp[j] = x[j] - eps;
      double[] minus = evaluate(f, vals, v.length);
      double vjp = 0;
      for (int k = 0; k < plus.length; k++) {
        double column = (plus[k] - minus[k]) / (2 * eps);
        vjp += column * v[k];
        if (jacobian != null) {
          double exact = jacobian[k][j];
          if (!(Math.abs(exact - column) <= atol + rtol * Math.abs(column))) {
            fail(
                String.format(
                    "%s (full Jacobian): d output%s / d input%s: analytic %.10g, numeric %.10g"
                        + " (atol %.1g, rtol %.1g)",
                    what,
                    Arrays.toString(unravel(k, out)),
                    Arrays.toString(unravel(j, shapes.get(i))),
                    exact,
                    column,
                    atol,
                    rtol));
          }
        }
      }
      numeric[j] = vjp;
    }
    compare(
        what + " (full check, numeric vs. analytic vector-Jacobian product)", numeric, analytic, i);
  }

  /**
   * The analytic Jacobian of every input, {@code [input][output k][input element j]}: one backward
   * pass per output element with a one-hot upstream gradient, through a retained graph.
   */
  private double[][][] analyticJacobians(Fn f) {
    List<Tensor> xs = leaves(values, -1);
    Tensor y = f.apply(xs);
    int outN = y.numel();
    double[][][] jac = new double[xs.size()][outN][];
    for (int k = 0; k < outN; k++) {
      double[] oneHot = new double[outN];
      oneHot[k] = 1;
      for (Tensor x : xs) {
        x.setGrad(null);
      }
      y.backward(Tensors.fromDoubles(oneHot, y.shape(), Device.REFERENCE), true);
      for (int i = 0; i < xs.size(); i++) {
        Tensor g = xs.get(i).grad();
        jac[i][k] = g == null ? new double[values.get(i).length] : g.toDoubleArray();
      }
    }
    return jac;
  }

  /** PyTorch fast mode: vᵀJu against central differences along random unit directions u. */
  private void checkFast(String what, Fn f, int i, double[] v, double[] analytic, Generator gen) {
    double[] x = values.get(i);
    for (int d = 0; d < FAST_MODE_DIRECTIONS; d++) {
      double[] u = randn(gen, x.length);
      double norm = 0;
      for (double e : u) {
        norm += e * e;
      }
      norm = Math.sqrt(norm);
      double exact = 0;
      double[] xp = new double[x.length];
      double[] xm = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        u[j] /= norm;
        exact += analytic[j] * u[j];
        xp[j] = x[j] + eps * u[j];
        xm[j] = x[j] - eps * u[j];
      }
      List<double[]> vals = new ArrayList<>(values);
      vals.set(i, xp);
      double plus = projected(f, vals, v);
      vals.set(i, xm);
      double minus = projected(f, vals, v);
      double numeric = (plus - minus) / (2 * eps);
      if (!(Math.abs(exact - numeric) <= atol + rtol * Math.abs(numeric))) {
        fail(
            String.format(
                "%s (fast mode, direction %d of %d): vᵀJu differs: analytic %.10g, numeric %.10g,"
                    + " |diff| %.3g > atol %.1g + rtol %.1g·|numeric|",
                what,
                d + 1,
                FAST_MODE_DIRECTIONS,
                exact,
                numeric,
                Math.abs(exact - numeric),
                atol,
                rtol));
      }
    }
  }

  /** Σ f(x)·v without recording a graph. */
  private double projected(Fn f, List<double[]> vals, double[] v) {
    double[] y = evaluate(f, vals, v.length);
    double s = 0;
    for (int k = 0; k < y.length; k++) {
      s += y[k] * v[k];
    }
    return s;
  }

  /** f at {@code vals} without recording a graph; its size must stay {@code n}. */
  private double[] evaluate(Fn f, List<double[]> vals, int n) {
    double[] y = withoutGrad(() -> f.apply(leaves(vals, -2))).toDoubleArray();
    if (y.length != n) {
      fail("gradcheck " + op + ": output size changed from " + n + " to " + y.length);
    }
    return y;
  }

  /** Runs {@code body} with graph recording off. */
  private static <T> T withoutGrad(Supplier<T> body) {
    GradMode.Scope scope = GradMode.noGrad();
    try {
      return body.get();
    } finally {
      scope.close();
    }
  }

  /**
   * Backward with upstream {@code v}; input {@code which} requires grad ({@code -1}: all). Returns
   * each input's gradient, or null where none arrived.
   */
  private double[][] analytic(Fn f, int which, Shape outShape, double[] v) {
    List<Tensor> xs = leaves(values, which);
    Tensor y = f.apply(xs);
    if (!y.shape().equals(outShape)) {
      fail("gradcheck " + op + ": output shape " + y.shape() + " differs from " + outShape);
    }
    if (!y.requiresGrad()) {
      fail("gradcheck " + op + ": the output does not require grad although its inputs do");
    }
    y.backward(Tensors.fromDoubles(v, outShape, Device.REFERENCE));
    double[][] g = new double[xs.size()][];
    for (int i = 0; i < xs.size(); i++) {
      Tensor gi = xs.get(i).grad();
      if (gi != null) {
        if (!gi.shape().equals(shapes.get(i))) {
          fail(
              "gradcheck "
                  + op
                  + ": input '"
                  + names.get(i)
                  + "' "
                  + shapes.get(i)
                  + " got a gradient of shape "
                  + gi.shape());
        }
        g[i] = gi.toDoubleArray();
      }
    }
    return g;
  }

  /** Fresh leaves; {@code which} = -1: all require grad, -2: none, else only that one. */
  private List<Tensor> leaves(List<double[]> vals, int which) {
    List<Tensor> xs = new ArrayList<>();
    for (int i = 0; i < vals.size(); i++) {
      Tensor t = Tensors.fromDoubles(vals.get(i), shapes.get(i), Device.REFERENCE);
      t.requiresGrad(which == -1 || which == i);
      xs.add(t);
    }
    return xs;
  }

  private void compare(String what, double[] expected, double[] actual, int input) {
    int bad = 0;
    int first = -1;
    double worst = 0;
    for (int j = 0; j < expected.length; j++) {
      double diff = Math.abs(expected[j] - actual[j]);
      worst = Math.max(worst, Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff);
      if (!(diff <= atol + rtol * Math.abs(expected[j]))) {
        bad++;
        if (first < 0) {
          first = j;
        }
      }
    }
    if (bad > 0) {
      fail(
          String.format(
              "%s: %d of %d elements differ (atol %.1g, rtol %.1g); first at flat index %d %s:"
                  + " expected %.10g, got %.10g; worst |diff| %.3g",
              what,
              bad,
              expected.length,
              atol,
              rtol,
              first,
              Arrays.toString(unravel(first, shapes.get(input))),
              expected[first],
              actual[first],
              worst));
    }
  }

  private static int[] unravel(int flat, Shape s) {
    int[] idx = new int[s.rank()];
    int rest = flat;
    for (int d = s.rank() - 1; d >= 0; d--) {
      idx[d] = rest % s.dim(d);
      rest /= s.dim(d);
    }
    return idx;
  }

  // ---- input builders -------------------------------------------------------------------------

  /** {@code n} standard normal samples. */
  public static double[] randn(Generator gen, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = gen.nextGaussian();
    }
    return d;
  }

  /** {@code n} samples uniform in [low, high). */
  public static double[] uniform(Generator gen, int n, double low, double high) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = low + (high - low) * gen.nextDouble();
    }
    return d;
  }

  /**
   * {@code n} samples with {@code |x| >= min} and random sign, so a step of {@link #EPS} cannot
   * cross a kink at 0 (relu).
   */
  public static double[] awayFromZero(Generator gen, int n, double min) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      double m = min + gen.nextDouble();
      d[i] = gen.nextDouble() < 0.5 ? -m : m;
    }
    return d;
  }

  /**
   * {@code n} pairwise distinct values in random order with gaps of {@code gap} (a shuffled
   * arithmetic sequence centred on 0), so no max-pool window has a tie a step can flip.
   */
  public static double[] distinct(Generator gen, int n, double gap) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = (i - n / 2.0) * gap;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = gen.nextInt(i + 1);
      double t = d[i];
      d[i] = d[j];
      d[j] = t;
    }
    return d;
  }
}
