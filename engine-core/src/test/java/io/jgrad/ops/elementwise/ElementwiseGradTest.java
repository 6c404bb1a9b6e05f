package io.jgrad.ops.elementwise;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.testing.GradCheck;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Float64 gradient checks of the element-wise ops, same-shape and broadcasting. */
class ElementwiseGradTest {

  /** Shape pairs: same shape, trailing, outer product, channel, 0-d scalar operand. */
  static Stream<Arguments> shapePairs() {
    return Stream.of(
        Arguments.of(new int[] {2, 3}, new int[] {2, 3}),
        Arguments.of(new int[] {2, 3, 4}, new int[] {4}),
        Arguments.of(new int[] {3, 1}, new int[] {1, 4}),
        Arguments.of(new int[] {2, 3, 2, 2}, new int[] {1, 3, 1, 1}),
        Arguments.of(new int[] {1, 3, 1, 1}, new int[] {2, 3, 2, 2}),
        Arguments.of(new int[] {2, 3}, new int[] {}));
  }

  private static GradCheck pair(String op, int[] a, int[] b, long seed) {
    Generator gen = new Generator(seed);
    return GradCheck.of(op + " " + Shape.of(a) + " " + Shape.of(b))
        .randomInput("a", gen, a)
        .randomInput("b", gen, b);
  }

  @ParameterizedTest
  @MethodSource("shapePairs")
  void add(int[] a, int[] b) {
    pair("add", a, b, 1).check(xs -> xs.get(0).add(xs.get(1)));
  }

  @ParameterizedTest
  @MethodSource("shapePairs")
  void sub(int[] a, int[] b) {
    pair("sub", a, b, 2).check(xs -> xs.get(0).sub(xs.get(1)));
  }

  @ParameterizedTest
  @MethodSource("shapePairs")
  void mul(int[] a, int[] b) {
    pair("mul", a, b, 3).check(xs -> xs.get(0).mul(xs.get(1)));
  }

  @ParameterizedTest
  @MethodSource("shapePairs")
  void div(int[] a, int[] b) {
    Generator gen = new Generator(4);
    Shape sb = Shape.of(b);
    // Denominators with |b| in [0.5, 2], as in the conformance cases.
    double[] denom = GradCheck.uniform(gen, sb.numel(), 0.5, 2.0);
    for (int i = 0; i < denom.length; i += 2) {
      denom[i] = -denom[i];
    }
    GradCheck.of("div " + Shape.of(a) + " " + sb)
        .randomInput("a", gen, a)
        .input("b", sb, denom)
        .check(xs -> xs.get(0).div(xs.get(1)));
  }

  @ParameterizedTest
  @MethodSource("shapePairs")
  void powWithTensorExponent(int[] a, int[] b) {
    Generator gen = new Generator(12);
    Shape sa = Shape.of(a);
    // Positive bases in [0.5, 2] (ln a is defined; fractional exponents are real), normal
    // exponents.
    GradCheck.of("pow " + sa + " " + Shape.of(b))
        .input("a", sa, GradCheck.uniform(gen, sa.numel(), 0.5, 2.0))
        .randomInput("b", gen, b)
        .check(xs -> xs.get(0).pow(xs.get(1)));
  }

  @Test
  void powOfNegativeBasesWithIntegerExponents() {
    // d/da is finite for a negative base with an integer exponent (d/db is NaN there: ln a), so
    // the exponent is a constant and only the base is checked.
    Generator gen = new Generator(13);
    double[] base = GradCheck.uniform(gen, 12, 0.5, 2.0);
    for (int i = 0; i < base.length; i += 2) {
      base[i] = -base[i];
    }
    Tensor exponent =
        Tensors.fromDoubles(new double[] {-2, 0, 1, 2, 3, -1}, Shape.of(1, 6), Device.REFERENCE);
    GradCheck.of("pow negative base")
        .input("a", Shape.of(2, 6), base)
        .check(xs -> xs.get(0).pow(exponent));
  }

  @Test
  void sameTensorOnBothSides() {
    GradCheck.of("mul x*x")
        .randomInput("x", new Generator(5), 3, 4)
        .check(xs -> xs.get(0).mul(xs.get(0)));
    GradCheck.of("pow x^x")
        .input("x", Shape.of(5), GradCheck.uniform(new Generator(14), 5, 0.5, 2))
        .check(xs -> xs.get(0).pow(xs.get(0)));
    GradCheck.of("div x/x")
        .input("x", Shape.of(5), GradCheck.uniform(new Generator(6), 5, 0.5, 2))
        .check(xs -> xs.get(0).div(xs.get(0).mul(xs.get(0))));
  }

  @Test
  void neg() {
    GradCheck.of("neg").randomInput("x", new Generator(7), 2, 3, 4).check(xs -> xs.get(0).neg());
  }

  @Test
  void exp() {
    GradCheck.of("exp").randomInput("x", new Generator(8), 2, 3, 4).check(xs -> xs.get(0).exp());
  }

  @Test
  void log() {
    Generator gen = new Generator(9);
    GradCheck.of("log")
        .input("x", Shape.of(3, 5), GradCheck.uniform(gen, 15, 0.2, 3.0))
        .check(xs -> xs.get(0).log());
  }

  @Test
  void scalarAddSubMulDiv() {
    Generator gen = new Generator(10);
    GradCheck.of("add_scalar").randomInput("x", gen, 3, 4).check(xs -> xs.get(0).add(2.5));
    GradCheck.of("sub_scalar").randomInput("x", gen, 3, 4).check(xs -> xs.get(0).sub(-1.5));
    GradCheck.of("mul_scalar").randomInput("x", gen, 3, 4).check(xs -> xs.get(0).mul(-3.0));
    GradCheck.of("div_scalar").randomInput("x", gen, 3, 4).check(xs -> xs.get(0).div(0.7));
  }

  @Test
  void composedExpression() {
    Generator gen = new Generator(11);
    // (a*b + exp(-a)) / (b*b + 1): reuses a and b, mixes broadcasting with unary ops.
    GradCheck.of("composed")
        .randomInput("a", gen, 2, 3)
        .randomInput("b", gen, 3)
        .check(
            xs -> {
              var a = xs.get(0);
              var b = xs.get(1);
              return a.mul(b).add(a.neg().exp()).div(b.mul(b).add(1.0));
            });
  }
}
