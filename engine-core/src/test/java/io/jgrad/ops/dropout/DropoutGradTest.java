package io.jgrad.ops.dropout;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.functional.Functional;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * Float64 gradient checks of dropout and dropout2d. Each evaluation reseeds a fresh generator with
 * the same seed, so f(x) uses the same mask every time and is differentiable.
 */
class DropoutGradTest {
  private static final long SEED = 1234;

  @Test
  void dropoutTraining() {
    GradCheck.of("dropout p=0.3")
        .randomInput("input", new Generator(1), 4, 10)
        .check(xs -> Functional.dropout(xs.get(0), 0.3, true, new Generator(SEED)));
  }

  @Test
  void dropout2dTraining() {
    GradCheck.of("dropout2d p=0.5")
        .randomInput("input", new Generator(2), 2, 4, 3, 3)
        .check(xs -> Functional.dropout2d(xs.get(0), 0.5, true, new Generator(SEED)));
  }

  @Test
  void dropoutEvalIsIdentity() {
    GradCheck.of("dropout eval")
        .randomInput("input", new Generator(3), 3, 4)
        .check(xs -> Functional.dropout(xs.get(0), 0.5, false, null).mul(xs.get(0)));
  }

  @Test
  void theMaskActuallyDropsAndScales() {
    // Guards the gradient checks above against a trivial identity: with p = 0.5 over 400
    // elements, some are zeroed and the kept ones are scaled by exactly 2.
    Tensor x = Tensors.full(Shape.of(400), 1.0, Device.REFERENCE);
    double[] y = Functional.dropout(x, 0.5, true, new Generator(SEED)).toDoubleArray();
    int zeros = 0;
    for (double v : y) {
      assertTrue(v == 0.0 || v == 2.0, "dropout output " + v + " is neither 0 nor 1/(1-p)");
      zeros += v == 0.0 ? 1 : 0;
    }
    assertTrue(zeros > 100 && zeros < 300, "dropped " + zeros + " of 400 at p = 0.5");
  }
}
