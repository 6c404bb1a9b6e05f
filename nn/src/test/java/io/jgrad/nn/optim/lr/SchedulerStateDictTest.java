package io.jgrad.nn.optim.lr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.ParamGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Saving an optimizer + scheduler mid-run and loading both into fresh objects reproduces the rest
 * of the lr / momentum sequence bit for bit. The states only pass through maps of strings (and
 * float32 tensors), which is what a safetensors file keeps.
 */
class SchedulerStateDictTest {
  private static List<Function<Optimizer, LRScheduler>> schedulers() {
    return List.of(
        o -> new StepLR(o, 3, 0.5),
        o -> new MultiStepLR(o, new int[] {2, 6, 7}, 0.3),
        o -> new ExponentialLR(o, 0.93),
        o -> new CosineAnnealingLR(o, 9, 1e-4),
        o -> new LambdaLR(o, e -> Math.sqrt(e + 1.0)),
        o -> OneCycleLR.builder(o, 0.3).totalSteps(12).threePhase(true).build());
  }

  /** lr and momentum of every group after each step. */
  private static List<double[]> trace(Optimizer opt, Runnable step, int steps) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      step.run();
      for (ParamGroup g : opt.paramGroups()) {
        out.add(new double[] {g.lr(), g.get(ParamGroup.MOMENTUM)});
      }
    }
    return out;
  }

  private static Map<String, Tensor> copy(Map<String, Tensor> m) {
    return new LinkedHashMap<>(m);
  }

  @Test
  void lrSchedulersResumeExactly() {
    for (Function<Optimizer, LRScheduler> make : schedulers()) {
      Optimizer optA = ClosedFormScheduleTest.twoGroups();
      LRScheduler a = make.apply(optA);
      trace(optA, a::step, 5);
      Map<String, String> schedState = new LinkedHashMap<>(a.stateDict());
      Map<String, Tensor> optTensors = copy(optA.stateDict());
      Map<String, String> optMeta = new LinkedHashMap<>(optA.stateMetadata());
      List<double[]> expected = trace(optA, a::step, 6);

      Optimizer optB = ClosedFormScheduleTest.twoGroups();
      LRScheduler b = make.apply(optB);
      List<double[]> fresh = trace(optB, b::step, 6);
      assertFalse(
          Arrays.equals(expected.get(0), fresh.get(0)),
          a.getClass().getSimpleName() + ": a fresh scheduler must differ, else the test is void");

      Optimizer optC = ClosedFormScheduleTest.twoGroups();
      LRScheduler c = make.apply(optC);
      optC.loadStateDict(optTensors, optMeta);
      c.loadStateDict(schedState);
      assertEquals(5, c.lastEpoch());
      assertArrayEquals(lastLr(schedState), c.getLastLr());
      List<double[]> resumed = trace(optC, c::step, 6);
      for (int i = 0; i < expected.size(); i++) {
        assertArrayEquals(expected.get(i), resumed.get(i), c.getClass().getSimpleName() + " " + i);
      }
    }
  }

  private static double[] lastLr(Map<String, String> state) {
    return Arrays.stream(state.get("last_lr").split(","))
        .mapToDouble(Double::parseDouble)
        .toArray();
  }

  @Test
  void plateauResumesExactly() {
    double[] metrics = {5, 4, 4, 4.1, 3.9995, 4, 4, 3, 3, 3, 3, 3, 3};
    Optimizer optA = ClosedFormScheduleTest.twoGroups();
    ReduceLROnPlateau a = new ReduceLROnPlateau(optA, ReduceLROnPlateau.Mode.MIN, 0.5, 1);
    int[] k = {0};
    trace(optA, () -> a.step(metrics[k[0]++]), 5);
    Map<String, String> state = new LinkedHashMap<>(a.stateDict());
    Map<String, String> meta = new LinkedHashMap<>(optA.stateMetadata());
    List<double[]> expected = trace(optA, () -> a.step(metrics[k[0]++]), 8);

    Optimizer optB = ClosedFormScheduleTest.twoGroups();
    ReduceLROnPlateau b = new ReduceLROnPlateau(optB, ReduceLROnPlateau.Mode.MIN, 0.5, 1);
    optB.loadStateDict(Map.of(), meta);
    b.loadStateDict(state);
    int[] j = {5};
    List<double[]> resumed = trace(optB, () -> b.step(metrics[j[0]++]), 8);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), resumed.get(i), "entry " + i);
    }
    assertTrue(expected.get(expected.size() - 1)[0] < 0.1, "the lr must have dropped");
  }

  @Test
  void anotherSchedulersStateIsRejected() {
    Optimizer opt = ClosedFormScheduleTest.twoGroups();
    Map<String, String> step = new StepLR(opt, 2).stateDict();
    LRScheduler exp = new ExponentialLR(ClosedFormScheduleTest.twoGroups(), 0.9);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> exp.loadStateDict(step));
    assertTrue(e.getMessage().contains("StepLR") && e.getMessage().contains("ExponentialLR"));
    Map<String, String> broken = new LinkedHashMap<>(exp.stateDict());
    broken.put("base_lrs", "0.1");
    e = assertThrows(IllegalArgumentException.class, () -> exp.loadStateDict(broken));
    assertTrue(e.getMessage().contains("base_lrs") && e.getMessage().contains("2"));
    OneCycleLR oc = new OneCycleLR(ClosedFormScheduleTest.twoGroups(), 0.1, 20);
    Map<String, String> shorter =
        new OneCycleLR(ClosedFormScheduleTest.twoGroups(), 0.1, 10).stateDict();
    e = assertThrows(IllegalArgumentException.class, () -> oc.loadStateDict(shorter));
    assertTrue(e.getMessage().contains("total_steps=10"), e.getMessage());
    ReduceLROnPlateau p = new ReduceLROnPlateau(opt);
    assertThrows(IllegalArgumentException.class, () -> p.loadStateDict(step));
  }
}
