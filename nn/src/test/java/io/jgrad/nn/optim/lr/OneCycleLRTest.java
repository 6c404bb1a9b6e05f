package io.jgrad.nn.optim.lr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.optim.Adam;
import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.ParamGroup;
import io.jgrad.nn.optim.SGD;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** OneCycleLR beyond the conformance cases: linear, three phases, Adam's beta1, limits. */
class OneCycleLRTest {
  private static Tensor p() {
    return Tensors.zeros(1).requiresGrad(true);
  }

  private static SGD sgd() {
    return new SGD(List.of(p()), 0.5, 0.5);
  }

  @Test
  void linearTwoPhasesHitTheDerivedPoints() {
    // max 1, div 10 -> initial 0.1; final div 100 -> min 0.001. total 10, pct 0.3: the peak is
    // at e1 = 0.3 * 10 - 1 = 2 and the end at e2 = 9.
    SGD opt = sgd();
    OneCycleLR s =
        new OneCycleLR(opt, 1.0, 10, 0.3, AnnealStrategy.LINEAR, 10, 100, false, true, 0.85, 0.95);
    assertEquals(0.1, opt.paramGroups().get(0).lr(), 1e-15);
    assertEquals(0.95, opt.paramGroups().get(0).get(ParamGroup.MOMENTUM), 1e-15);
    assertEquals(0.55, s.lrAt(1), 1e-15);
    assertEquals(1.0, s.lrAt(2), 1e-15);
    assertEquals(1.0 + (0.001 - 1.0) * 3 / 7, s.lrAt(5), 1e-15);
    assertEquals(0.001, s.lrAt(9), 1e-15);
    assertEquals(0.90, s.momentumAt(1), 1e-15);
    assertEquals(0.85, s.momentumAt(2), 1e-15);
    assertEquals(0.95, s.momentumAt(9), 1e-15);
  }

  @Test
  void threePhasesGoUpDownAndFinallyToTheMinimum() {
    // total 10, pct 0.25: phases end at 1.5, 3.0 and 9; lrs initial 0.1 -> 1 -> 0.1 -> 0.001.
    OneCycleLR s =
        OneCycleLR.builder(sgd(), 1.0)
            .totalSteps(10)
            .pctStart(0.25)
            .annealStrategy(AnnealStrategy.LINEAR)
            .divFactor(10)
            .finalDivFactor(100)
            .threePhase(true)
            .build();
    assertEquals(0.1 + 0.9 / 1.5, s.lrAt(1), 1e-15);
    assertEquals(1.0 + (0.1 - 1.0) / 3, s.lrAt(2), 1e-15);
    assertEquals(0.1, s.lrAt(3), 1e-15);
    assertEquals(0.1 + (0.001 - 0.1) / 2, s.lrAt(6), 1e-15);
    assertEquals(0.001, s.lrAt(9), 1e-15);
    assertEquals(0.95, s.momentumAt(3), 1e-15);
    assertEquals(0.95, s.momentumAt(7), 1e-15);
  }

  @Test
  void cosineIsHalfwayAtTheMiddleOfAPhase() {
    // pct 0.5, total 10: the peak is at e1 = 0.5 * 10 - 1 = 4, so step 2 is mid-phase, where
    // the cosine is at half way between initial 0.1 and max 1.
    OneCycleLR s =
        new OneCycleLR(sgd(), 1.0, 10, 0.5, AnnealStrategy.COS, 10, 100, false, false, 0.85, 0.95);
    assertEquals((0.1 + 1.0) / 2, s.lrAt(2), 1e-15);
  }

  @Test
  void adamGetsItsBeta1Cycled() {
    Adam opt = new Adam(List.of(p()), 1e-3);
    OneCycleLR s = OneCycleLR.builder(opt, 0.01).epochs(3, 4).momentum(0.8, 0.9).build();
    assertEquals(12, s.totalSteps());
    assertEquals(0.9, opt.paramGroups().get(0).get(ParamGroup.BETA1), 1e-15);
    assertEquals(0.01 / 25, opt.paramGroups().get(0).lr(), 1e-15);
    for (int k = 1; k < 12; k++) {
      s.step();
      assertEquals(s.momentumAt(k), opt.paramGroups().get(0).get(ParamGroup.BETA1));
      assertTrue(opt.paramGroups().get(0).get(ParamGroup.BETA1) >= 0.8 - 1e-15);
    }
  }

  @Test
  void perGroupPeaks() {
    SGD opt =
        SGD.forGroups(
            List.of(ParamGroup.of(List.of(p())), ParamGroup.of(List.of(p()))),
            0.1,
            0.9,
            0,
            0,
            false);
    OneCycleLR s = OneCycleLR.builder(opt, 1).maxLrs(1.0, 2.0).totalSteps(20).build();
    assertEquals(2 * s.lrAt(7, 0), s.lrAt(7, 1), 1e-15);
  }

  @Test
  void steppingPastTheTotalFailsAndLeavesTheStateAlone() {
    SGD opt = sgd();
    OneCycleLR s = new OneCycleLR(opt, 0.1, 5);
    for (int k = 0; k < 5; k++) {
      s.step(); // the last call (after the last optimizer step) is still allowed
    }
    double lr = opt.paramGroups().get(0).lr();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::step);
    assertTrue(
        e.getMessage().contains("tried to step 6 times") && e.getMessage().contains("5"),
        e.getMessage());
    assertEquals(5, s.lastEpoch());
    assertEquals(lr, opt.paramGroups().get(0).lr());
  }

  @Test
  void badOptionsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(sgd(), 0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> OneCycleLR.builder(sgd(), 0.1).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> OneCycleLR.builder(sgd(), 0.1).totalSteps(10).pctStart(1.5).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> OneCycleLR.builder(sgd(), 0.1).totalSteps(10).divFactor(0).build());
    assertThrows(
        IllegalArgumentException.class, () -> OneCycleLR.builder(sgd(), 0.1).epochs(0, 10));
    assertThrows(
        IllegalArgumentException.class,
        () -> OneCycleLR.builder(sgd(), 0.1).epochs(1 << 16, 1 << 16));
    assertThrows(
        IllegalArgumentException.class,
        () -> OneCycleLR.builder(sgd(), 0.1).maxLrs(0.1, 0.2).totalSteps(10).build());
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> OneCycleLR.builder(sgd(), 0.1).totalSteps(10).pctStart(0.1).build());
    assertTrue(zero.getMessage().contains("zero length"), zero.getMessage());
    IllegalArgumentException anneal =
        assertThrows(IllegalArgumentException.class, () -> AnnealStrategy.of("exp"));
    assertTrue(anneal.getMessage().contains("cos|linear") && anneal.getMessage().contains("exp"));
  }

  @Test
  void cyclingMomentumNeedsAMomentumOption() {
    Optimizer lrOnly = new LrOnlyOptimizer(List.of(p()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(lrOnly, 0.1, 10));
    assertTrue(e.getMessage().contains("momentum"), e.getMessage());
    OneCycleLR ok = OneCycleLR.builder(lrOnly, 0.1).totalSteps(10).cycleMomentum(false).build();
    assertEquals(0.1 / 25, lrOnly.paramGroups().get(0).lr(), 1e-15);
    assertThrows(IllegalStateException.class, () -> ok.momentumAt(0));
  }

  /** An optimizer whose groups have only an lr. */
  static final class LrOnlyOptimizer extends Optimizer {
    LrOnlyOptimizer(List<Tensor> params) {
      super("LrOnly", singleGroup("LrOnly", params), Map.of(ParamGroup.LR, 0.1), Map.of());
    }

    @Override
    protected void validate(ParamGroup group, int index) {}

    @Override
    protected Set<String> stateBufferNames() {
      return Set.of();
    }

    @Override
    protected boolean countsSteps() {
      return false;
    }

    @Override
    public void step() {}
  }
}
