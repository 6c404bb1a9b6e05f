package io.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.functional.Functional;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Proves that {@link GradCheck} can fail: wrong backwards and impure functions are caught. */
class GradCheckTest {

  /** y = x², with a backward that is correct (2gx) or deliberately wrong (gx). */
  static final class SquareOp extends Function {
    private Storage x;
    private boolean wrong;

    static Tensor apply(Tensor input, boolean wrong) {
      SquareOp op = new SquareOp();
      op.x = input.storage();
      op.wrong = wrong;
      Storage y = input.backend().elementwise().binary(BinaryOp.MUL, op.x, op.x);
      return op.record(y, input.shape(), input);
    }

    @Override
    protected Storage[] backward(Storage g) {
      Storage gx = backend().elementwise().binary(BinaryOp.MUL, g, x);
      return grads(wrong ? gx : backend().elementwise().binaryScalar(BinaryOp.MUL, gx, 2.0));
    }
  }

  @Test
  void correctBackwardPassesInFullAndFastMode() {
    Generator gen = new Generator(1);
    GradCheck.of("square")
        .randomInput("x", gen, 3, 4)
        .check(xs -> SquareOp.apply(xs.get(0), false));
    GradCheck.of("square")
        .randomInput("x", gen, 3, 4)
        .fastMode(true)
        .check(xs -> SquareOp.apply(xs.get(0), false));
  }

  @Test
  void wrongBackwardFailsNamingOpAndInput() {
    Generator gen = new Generator(2);
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () ->
                GradCheck.of("square")
                    .randomInput("x", gen, 3, 4)
                    .check(xs -> SquareOp.apply(xs.get(0), true)));
    assertTrue(e.getMessage().contains("square"), e.getMessage());
    assertTrue(e.getMessage().contains("'x' [3, 4]"), e.getMessage());
    assertTrue(e.getMessage().contains("full Jacobian"), e.getMessage());
  }

  @Test
  void wrongBackwardWithLargeOutputFailsTheProjectedCheck() {
    // 4 inputs, 800 outputs: too many outputs for the full Jacobian, so vᵀJ is checked instead.
    Generator gen = new Generator(8);
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () ->
                GradCheck.of("square")
                    .randomInput("x", gen, 4)
                    .check(xs -> SquareOp.apply(xs.get(0), true).expand(Shape.of(200, 4))));
    assertTrue(e.getMessage().contains("vector-Jacobian product"), e.getMessage());
    GradCheck.of("square")
        .randomInput("x", gen, 4)
        .check(xs -> SquareOp.apply(xs.get(0), false).expand(Shape.of(200, 4)));
  }

  @Test
  void wrongBackwardFailsInFastMode() {
    Generator gen = new Generator(3);
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () ->
                GradCheck.of("square")
                    .randomInput("x", gen, 30, 30)
                    .check(xs -> SquareOp.apply(xs.get(0), true)));
    assertTrue(e.getMessage().contains("fast mode"), e.getMessage());
  }

  @Test
  void wrongGradientOfOneInputNamesThatInput() {
    Generator gen = new Generator(4);
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () ->
                GradCheck.of("mul_square")
                    .randomInput("a", gen, 2, 3)
                    .randomInput("b", gen, 2, 3)
                    .check(xs -> xs.get(0).mul(SquareOp.apply(xs.get(1), true))));
    assertTrue(e.getMessage().contains("input 'b'"), e.getMessage());
  }

  @Test
  void functionDrawingFreshRandomNumbersIsRejected() {
    Generator shared = new Generator(5);
    Generator gen = new Generator(6);
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () ->
                GradCheck.of("dropout")
                    .randomInput("x", gen, 4, 4)
                    .check(xs -> Functional.dropout(xs.get(0), 0.5, true, shared)));
    assertTrue(e.getMessage().contains("deterministic"), e.getMessage());
  }

  @Test
  void inputValuesMustFillTheShape() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GradCheck.of("op").input("x", Shape.of(2, 2), new double[3]));
    assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("[2, 2]"));
  }

  @Test
  void distinctValuesArePairwiseDistinct() {
    double[] d = GradCheck.distinct(new Generator(7), 50, 0.1);
    java.util.Arrays.sort(d);
    for (int i = 1; i < d.length; i++) {
      assertTrue(d[i] - d[i - 1] > 0.099, "gap at " + i);
    }
  }
}
