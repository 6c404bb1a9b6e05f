package io.jgrad.nn.optim.lr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.ParamGroup;
import io.jgrad.nn.optim.SGD;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The closed forms agree with stepping (exactly: stepping writes {@code lrAt}) and with PyTorch's
 * recursive "chainable" formulas, re-derived here step by step from the previous lr (to 1e-12).
 */
class ClosedFormScheduleTest {
  private static final double[] BASE = {0.1, 0.02};
  private static final int EPOCHS = 40;

  /** SGD with two param groups, lrs 0.1 and 0.02. */
  static Optimizer twoGroups() {
    Tensor a = Tensors.zeros(1).requiresGrad(true);
    Tensor b = Tensors.zeros(1).requiresGrad(true);
    return SGD.forGroups(
        List.of(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b)).with(ParamGroup.LR, BASE[1])),
        BASE[0],
        0.9,
        0,
        0,
        false);
  }

  /** PyTorch's recursive rule: the lr at {@code epoch} from the lr at {@code epoch - 1}. */
  interface Recursive {
    double next(int epoch, double previous, double base);
  }

  private static void check(Function<Optimizer, LRScheduler> make, Recursive rule) {
    Optimizer opt = twoGroups();
    LRScheduler s = make.apply(opt);
    double[] chained = BASE.clone();
    for (int epoch = 0; epoch <= EPOCHS; epoch++) {
      if (epoch > 0) {
        s.step();
        for (int g = 0; g < 2; g++) {
          chained[g] = rule.next(epoch, chained[g], BASE[g]);
        }
      }
      assertEquals(epoch, s.lastEpoch());
      double[] lrs = {opt.paramGroups().get(0).lr(), opt.paramGroups().get(1).lr()};
      assertArrayEquals(lrs, s.getLastLr());
      for (int g = 0; g < 2; g++) {
        assertEquals(lrs[g], s.lrAt(epoch, g), "stepped lr vs lrAt, epoch " + epoch);
        assertEquals(chained[g], lrs[g], 1e-12 * BASE[g], "recursive form, epoch " + epoch);
      }
    }
  }

  @Test
  void stepLR() {
    check(o -> new StepLR(o, 7, 0.5), (e, lr, base) -> e % 7 == 0 ? lr * 0.5 : lr);
  }

  @Test
  void multiStepLRCountsRepeatedMilestonesTwice() {
    int[] milestones = {30, 5, 12, 12};
    check(
        o -> new MultiStepLR(o, milestones, 0.1),
        (e, lr, base) -> {
          double out = lr;
          for (int m : milestones) {
            out = m == e ? out * 0.1 : out;
          }
          return out;
        });
  }

  @Test
  void exponentialLR() {
    check(o -> new ExponentialLR(o, 0.9), (e, lr, base) -> lr * 0.9);
  }

  @Test
  void cosineAnnealingLRIncludingTheClimbBackAfterTMax() {
    int tMax = 15;
    double etaMin = 0.001;
    check(
        o -> new CosineAnnealingLR(o, tMax, etaMin),
        (e, lr, base) -> {
          if ((e - 1 - tMax) % (2 * tMax) == 0) {
            return lr + (base - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
          }
          return (1 + Math.cos(Math.PI * e / tMax))
                  / (1 + Math.cos(Math.PI * (e - 1) / tMax))
                  * (lr - etaMin)
              + etaMin;
        });
  }

  @Test
  void lambdaLR() {
    check(o -> new LambdaLR(o, e -> 1.0 / (1 + e)), (e, lr, base) -> base / (1 + e));
  }

  @Test
  void closedFormsAtKnownPoints() {
    // StepLR: 0.1 * 0.5^floor(20 / 7) = 0.1 * 0.25; cosine at T_max / 2 is halfway.
    assertEquals(0.025, new StepLR(twoGroups(), 7, 0.5).lrAt(20), 1e-17);
    assertEquals((0.1 + 0.001) / 2, new CosineAnnealingLR(twoGroups(), 10, 0.001).lrAt(5), 1e-17);
    assertEquals(0.001, new CosineAnnealingLR(twoGroups(), 10, 0.001).lrAt(10), 1e-17);
    assertEquals(
        0.02 * 0.1 * 0.1, new MultiStepLR(twoGroups(), new int[] {3, 6}).lrAt(6, 1), 1e-18);
  }
}
