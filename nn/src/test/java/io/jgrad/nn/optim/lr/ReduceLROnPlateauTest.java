package io.jgrad.nn.optim.lr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensors;
import io.jgrad.nn.optim.SGD;
import io.jgrad.nn.optim.lr.ReduceLROnPlateau.Mode;
import io.jgrad.nn.optim.lr.ReduceLROnPlateau.ThresholdMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ReduceLROnPlateau in the modes the conformance cases do not cover (max, abs, cooldown). */
class ReduceLROnPlateauTest {
  private static SGD sgd(double lr) {
    return new SGD(List.of(Tensors.zeros(1).requiresGrad(true)), lr);
  }

  @Test
  void maxModeAbsoluteThresholdWithCooldownAndFloor() {
    // factor 0.5, patience 1, threshold 0.1 abs, cooldown 1, min_lr 0.2, lr 1. Per metric:
    // 1.0 best; 1.05 bad 1; 1.05 bad 2 > 1 -> lr 0.5, cool 1; 0.9 bad 1, cooldown -> bad 0;
    // 0.9 bad 1; 0.9 bad 2 -> lr 0.25, cool 1; 2.0 best (cool -> 0); 0 bad 1;
    // 0 bad 2 -> max(0.125, 0.2) = 0.2; 0 cooldown; 0 bad 1; 0 bad 2 -> max(0.1, 0.2) = 0.2,
    // no change (0.2 - 0.2 <= eps).
    SGD opt = sgd(1.0);
    ReduceLROnPlateau s =
        new ReduceLROnPlateau(opt, Mode.MAX, 0.5, 1, 0.1, ThresholdMode.ABS, 1, 0.2, 1e-8);
    double[] metrics = {1.0, 1.05, 1.05, 0.9, 0.9, 0.9, 2.0, 0, 0, 0, 0, 0};
    double[] expected = {1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2};
    double[] got = new double[metrics.length];
    for (int k = 0; k < metrics.length; k++) {
      s.step(metrics[k]);
      got[k] = opt.paramGroups().get(0).lr();
    }
    assertArrayEquals(expected, got);
    assertEquals(2.0, s.best());
    assertEquals(12, s.lastEpoch());
  }

  @Test
  void relativeThresholdInMaxMode() {
    ReduceLROnPlateau s =
        new ReduceLROnPlateau(sgd(0.1), Mode.MAX, 0.1, 0, 0.1, ThresholdMode.REL, 0, 0, 1e-8);
    assertTrue(s.isBetter(1.11, 1.0));
    assertTrue(!s.isBetter(1.09, 1.0));
  }

  @Test
  void badOptionsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ReduceLROnPlateau(sgd(0.1), Mode.MIN, 1.0, 10));
    assertTrue(e.getMessage().contains("factor should be < 1.0"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new ReduceLROnPlateau(sgd(0.1), Mode.MIN, 0.1, -1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ReduceLROnPlateau(
                sgd(0.1), Mode.MIN, 0.1, 1, -1e-4, ThresholdMode.REL, 0, 0, 1e-8));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ReduceLROnPlateau(
                sgd(0.1), Mode.MIN, 0.1, 1, 1e-4, ThresholdMode.REL, -1, 0, 1e-8));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ReduceLROnPlateau(
                sgd(0.1), Mode.MIN, 0.1, 1, 1e-4, ThresholdMode.REL, 0, Double.NaN, 1e-8));
    assertThrows(
        IllegalArgumentException.class, () -> new ReduceLROnPlateau(sgd(0.1), null, 0.1, 1));
  }
}
