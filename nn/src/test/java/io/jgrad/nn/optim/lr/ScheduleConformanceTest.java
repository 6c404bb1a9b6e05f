package io.jgrad.nn.optim.lr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.ParamGroup;
import io.jgrad.nn.optim.SGD;
import io.jgrad.testing.ConformanceCase;
import io.jgrad.testing.ConformanceChecker;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays PyTorch 1.13's lr (and momentum) sequences from the {@code lr_schedule} conformance
 * cases, reading the values the optimizer actually holds after each scheduler step, in double. For
 * the closed-form schedules it also checks that {@code lrAt(k)} equals the stepped value exactly.
 */
class ScheduleConformanceTest {
  private static final Set<String> RAN = ConcurrentHashMap.newKeySet();
  private static final List<String> SCHEDULERS =
      List.of("StepLR", "MultiStepLR", "OneCycleLR", "ReduceLROnPlateau");

  static List<ConformanceCase> cases() {
    return ConformanceCase.forOps("lr_schedule");
  }

  @Test
  void casesCoverEverySchedulerKind() {
    for (String kind : SCHEDULERS) {
      assertTrue(
          cases().stream().anyMatch(c -> c.attrs().get("scheduler").asText().equals(kind)),
          "no lr_schedule case for " + kind);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(ConformanceCase c) {
    JsonNode a = c.attrs();
    String kind = a.get("scheduler").asText();
    ConformanceChecker checker = new ConformanceChecker(c);
    switch (kind) {
      case "StepLR":
      case "MultiStepLR":
        epochSchedule(c, checker);
        break;
      case "OneCycleLR":
        oneCycle(a, checker);
        break;
      case "ReduceLROnPlateau":
        plateau(c, checker);
        break;
      default:
        throw new IllegalArgumentException("unknown scheduler in " + c.name() + ": " + kind);
    }
    checker.verify();
    RAN.add(kind);
  }

  @AfterAll
  static void everySchedulerKindRan() {
    for (String kind : SCHEDULERS) {
      assertTrue(RAN.contains(kind), "no " + kind + " case ran");
    }
  }

  private static Optimizer sgd(double lr, double momentum) {
    Tensor p = Tensors.zeros(1).requiresGrad(true);
    return new SGD(List.of(p), lr, momentum);
  }

  private static ParamGroup group(Optimizer opt) {
    return opt.paramGroups().get(0);
  }

  private static void epochSchedule(ConformanceCase c, ConformanceChecker checker) {
    JsonNode a = c.attrs();
    Optimizer opt = sgd(a.get("lr").asDouble(), 0);
    double gamma = a.get("gamma").asDouble();
    LRScheduler s =
        a.get("scheduler").asText().equals("StepLR")
            ? new StepLR(opt, a.get("step_size").asInt(), gamma)
            : new MultiStepLR(opt, c.intsAttr("milestones"), gamma);
    int steps = a.get("steps").asInt();
    double[] lr = new double[steps + 1];
    for (int k = 0; k <= steps; k++) {
      if (k > 0) {
        s.step();
      }
      lr[k] = group(opt).lr();
      assertEquals(lr[k], s.getLastLr()[0], "getLastLr after " + k + " steps");
      assertEquals(lr[k], s.lrAt(k), "closed form lrAt(" + k + ")");
    }
    checker.put("outputs.lr", new int[] {steps + 1}, lr);
  }

  private static void oneCycle(JsonNode a, ConformanceChecker checker) {
    Optimizer opt = sgd(0.5, 0.5);
    int total = a.get("total_steps").asInt();
    OneCycleLR s =
        new OneCycleLR(
            opt,
            a.get("max_lr").asDouble(),
            total,
            a.get("pct_start").asDouble(),
            AnnealStrategy.of(a.get("anneal_strategy").asText()),
            a.get("div_factor").asDouble(),
            a.get("final_div_factor").asDouble(),
            a.get("three_phase").asBoolean(),
            a.get("cycle_momentum").asBoolean(),
            a.get("base_momentum").asDouble(),
            a.get("max_momentum").asDouble());
    double[] lr = new double[total];
    double[] momentum = new double[total];
    for (int k = 0; k < total; k++) {
      lr[k] = group(opt).lr();
      momentum[k] = group(opt).get(ParamGroup.MOMENTUM);
      assertEquals(lr[k], s.lrAt(k), "closed form lrAt(" + k + ")");
      assertEquals(momentum[k], s.momentumAt(k), "closed form momentumAt(" + k + ")");
      opt.step();
      s.step();
    }
    checker.put("outputs.lr", new int[] {total}, lr);
    checker.put("outputs.momentum", new int[] {total}, momentum);
  }

  private static void plateau(ConformanceCase c, ConformanceChecker checker) {
    JsonNode a = c.attrs();
    Optimizer opt = sgd(a.get("lr").asDouble(), 0);
    ReduceLROnPlateau s =
        new ReduceLROnPlateau(
            opt,
            ReduceLROnPlateau.Mode.valueOf(a.get("mode").asText().toUpperCase(Locale.ROOT)),
            a.get("factor").asDouble(),
            a.get("patience").asInt(),
            a.get("threshold").asDouble(),
            ReduceLROnPlateau.ThresholdMode.valueOf(
                a.get("threshold_mode").asText().toUpperCase(Locale.ROOT)),
            a.get("cooldown").asInt(),
            a.get("min_lr").asDouble(),
            a.get("eps").asDouble());
    double[] metrics = c.input("metrics").data();
    assertFalse(metrics.length == 0, c.name() + " has no metrics");
    double[] lr = new double[metrics.length + 1];
    lr[0] = group(opt).lr();
    for (int k = 0; k < metrics.length; k++) {
      s.step(metrics[k]);
      lr[k + 1] = group(opt).lr();
      assertEquals(lr[k + 1], s.getLastLr()[0], "getLastLr after step " + k);
    }
    checker.put("outputs.lr", new int[] {metrics.length + 1}, lr);
  }
}
