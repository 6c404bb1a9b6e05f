package io.jgrad.nn.optim.lr;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.nn.optim.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad schedule arguments fail with messages naming the scheduler, argument and value. */
class SchedulerValidationTest {
  private static Optimizer opt() {
    return ClosedFormScheduleTest.twoGroups();
  }

  private static void fails(Executable e, String... fragments) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String f : fragments) {
      assertTrue(ex.getMessage().contains(f), "'" + ex.getMessage() + "' should mention " + f);
    }
  }

  @Test
  void constructorArguments() {
    fails(() -> new StepLR(opt(), 0, 0.1), "StepLR", "step_size", "0");
    fails(() -> new StepLR(opt(), 3, -0.1), "StepLR", "gamma", "-0.1");
    fails(() -> new MultiStepLR(opt(), new int[] {3, -1}), "MultiStepLR", "milestones", "-1");
    fails(() -> new ExponentialLR(opt(), Double.POSITIVE_INFINITY), "ExponentialLR", "gamma");
    fails(() -> new CosineAnnealingLR(opt(), 0), "CosineAnnealingLR", "T_max", "0");
    fails(() -> new CosineAnnealingLR(opt(), 5, -1), "CosineAnnealingLR", "eta_min", "-1");
    fails(() -> new LambdaLR(opt(), null), "LambdaLR", "lr_lambda");
    fails(() -> new StepLR(null, 3), "optimizer");
  }

  @Test
  void lrAtArguments() {
    StepLR s = new StepLR(opt(), 3);
    fails(() -> s.lrAt(-1), "StepLR.lrAt", "epoch", "-1");
    fails(() -> s.lrAt(0, 2), "StepLR", "param group 2");
  }

  @Test
  void aLambdaReturningNaNIsReported() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new LambdaLR(opt(), k -> Double.NaN));
    assertTrue(e.getMessage().contains("lr_lambda(0)") && e.getMessage().contains("NaN"));
  }
}
