package io.jgrad.nn.optim.lr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.Module;
import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.SGD;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The range test on y = w x + b fitted to y = 2 x + 1 at x = -1, 1 with the mean squared error.
 * With mean(x) = 0 and mean(x²) = 1 the loss is (w - 2)² + (b - 1)², its Hessian is 2 I, and a
 * plain SGD step multiplies both errors by (1 - 2 lr): the loss never grows for lr ≤ 1 and blows up
 * for lr > 1, so 1 is the divergent learning rate.
 */
class LrRangeFinderTest {
  /** y = w x + b with scalar w and b. */
  static final class Line extends Module {
    Line() {
      registerParameter("w", Tensors.fromArray(new float[] {-0.5f}, 1));
      registerParameter("b", Tensors.fromArray(new float[] {0.25f}, 1));
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.mul(parameter("w")).add(parameter("b"));
    }
  }

  private static final Tensor X = Tensors.fromArray(new float[] {-1, 1}, 2);
  private static final Tensor Y = Tensors.fromArray(new float[] {-1, 3}, 2);

  private static LrRangeFinder.TrainStep mse(Line model) {
    return () -> {
      Tensor r = model.forward(X).sub(Y);
      Tensor loss = r.mul(r).mean();
      loss.backward();
      return loss.item();
    };
  }

  @Test
  void stopsAfterTheDivergentLrAndSuggestsOneBelowIt() {
    Line model = new Line();
    Optimizer opt = new SGD(model.parameters(), 0.01);
    // A quick sweep (50 points over 5 decades): lingering near lr = 0.5, where a step zeroes the
    // error, would let float32 land exactly on the optimum, from which nothing can diverge.
    LrRangeFinder.Result r = new LrRangeFinder(model, opt).range(1e-3, 100, 50).run(mse(model));
    int n = r.lrs().length;
    assertTrue(r.diverged());
    assertTrue(n < 50, "the sweep must stop early, ran " + n);
    // Monotone losses for lr <= 1 cannot trip the divergence rule, so the stop comes later.
    assertTrue(r.lrs()[n - 1] > 1, "stopped at lr " + r.lrs()[n - 1]);
    double last = r.smoothedLosses()[n - 1];
    double best = Arrays.stream(r.smoothedLosses(), 0, n - 1).min().orElseThrow();
    assertTrue(
        !Double.isFinite(r.losses()[n - 1]) || last > 5 * best,
        "the last point must meet the stop rule: " + last + " vs best " + best);
    assertTrue(r.hasSuggestion());
    assertTrue(r.suggestionIndex() >= 10 && r.suggestionIndex() < n - 5);
    assertEquals(r.lrs()[r.suggestionIndex()], r.suggestion());
    assertTrue(r.suggestion() >= 1e-3 && r.suggestion() <= 100);
    // The smoothed loss falls fastest where the raw loss first collapses (lr of order 0.1), and
    // only rises once lr > 1.
    assertTrue(r.suggestion() < 1, "suggestion " + r.suggestion() + " must be below 1");
  }

  @Test
  void recordsTheExponentialSweepAndTheBiasCorrectedSmoothing() {
    Line model = new Line();
    Optimizer opt = new SGD(model.parameters(), 0.01);
    LrRangeFinder finder = new LrRangeFinder(model, opt).range(1e-3, 0.5, 20).skip(2, 2);
    LrRangeFinder.Result r = finder.run(mse(model));
    assertFalse(r.diverged(), "lr <= 0.5 only shrinks the loss");
    assertEquals(20, r.lrs().length);
    assertEquals(1e-3, r.lrs()[0]);
    assertEquals(0.5, r.lrs()[19], 1e-15);
    for (int i = 1; i < 20; i++) {
      assertEquals(Math.pow(500, 1.0 / 19), r.lrs()[i] / r.lrs()[i - 1], 1e-12);
    }
    // The first smoothed value is the first loss: avg = 0.02 L0, corrected by 1 - 0.98.
    assertEquals(r.losses()[0], r.smoothedLosses()[0], 1e-12 * r.losses()[0]);
    // Initial loss: (w - 2)^2 + (b - 1)^2 = 2.5^2 + 0.75^2.
    assertEquals(6.8125, r.losses()[0], 1e-6);
    double avg = 0;
    for (int i = 0; i < 20; i++) {
      avg = 0.98 * avg + 0.02 * r.losses()[i];
      assertEquals(avg / (1 - Math.pow(0.98, i + 1)), r.smoothedLosses()[i], 1e-12);
    }
  }

  @Test
  void restoresModelOptimizerAndModesBitForBit() {
    Line model = new Line();
    SGD opt = new SGD(model.parameters(), 0.05, 0.9);
    for (int i = 0; i < 3; i++) { // build momentum buffers first
      opt.zeroGrad();
      mse(model).step();
      opt.step();
    }
    model.eval();
    float[] w = model.parameters().get(0).toArray();
    float[] b = model.parameters().get(1).toArray();
    float[] buf = opt.state(model.parameters().get(0)).buffer(SGD.MOMENTUM_BUFFER).toArray();
    boolean[] sawTraining = {false};
    LrRangeFinder.Result r =
        new LrRangeFinder(model, opt)
            .range(1e-3, 100, 50)
            .run(
                () -> {
                  sawTraining[0] |= model.isTraining();
                  return mse(model).step();
                });
    assertTrue(r.lrs().length > 1);
    assertTrue(sawTraining[0], "the sweep trains in training mode");
    assertArrayEquals(w, model.parameters().get(0).toArray());
    assertArrayEquals(b, model.parameters().get(1).toArray());
    assertArrayEquals(
        buf, opt.state(model.parameters().get(0)).buffer(SGD.MOMENTUM_BUFFER).toArray());
    assertEquals(0.05, opt.paramGroups().get(0).lr());
    assertEquals(0.9, opt.paramGroups().get(0).get("momentum"));
    assertNull(model.parameters().get(0).grad());
    assertFalse(model.isTraining(), "eval mode is restored");
  }

  @Test
  void restoresEvenWhenTheStepThrows() {
    Line model = new Line();
    Optimizer opt = new SGD(model.parameters(), 0.05);
    float[] w = model.parameters().get(0).toArray();
    int[] calls = {0};
    LrRangeFinder finder = new LrRangeFinder(model, opt).range(1e-2, 1, 10);
    assertThrows(
        IllegalStateException.class,
        () ->
            finder.run(
                () -> {
                  if (++calls[0] == 4) {
                    throw new IllegalStateException("batch failed");
                  }
                  return mse(model).step();
                }));
    assertArrayEquals(w, model.parameters().get(0).toArray());
    assertEquals(0.05, opt.paramGroups().get(0).lr());
  }

  @Test
  void steepestDescentUsesTheWindowOnly() {
    double[] lrs = {1, 10, 100, 1000, 10000, 100000};
    double[] loss = {0, 9, 8, 5, 4.5, -100};
    // Slopes per decade in the window [1, 5): one-sided 1 -> -1, central (5-9)/2 = -2,
    // (4.5-8)/2 = -1.75, one-sided -0.5: the steepest is index 2.
    assertEquals(2, LrRangeFinder.steepestDescent(lrs, loss, 1, 5));
    assertEquals(-1, LrRangeFinder.steepestDescent(lrs, loss, 3, 4));
  }

  @Test
  void badSettingsAreRejected() {
    Line model = new Line();
    LrRangeFinder f = new LrRangeFinder(model, new SGD(model.parameters(), 0.1));
    assertThrows(IllegalArgumentException.class, () -> f.range(0, 1, 10));
    assertThrows(IllegalArgumentException.class, () -> f.range(1, 0.1, 10));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> f.range(1e-5, 1, 1));
    assertTrue(e.getMessage().contains("num_iter") && e.getMessage().contains("1"));
    assertThrows(IllegalArgumentException.class, () -> f.smoothing(1));
    assertThrows(IllegalArgumentException.class, () -> f.divergenceThreshold(1));
    assertThrows(IllegalArgumentException.class, () -> f.skip(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> f.run(null));
    assertThrows(IllegalArgumentException.class, () -> new LrRangeFinder(null, null));
    assertThrows(IllegalArgumentException.class, () -> f.lrAt(100));
  }
}
