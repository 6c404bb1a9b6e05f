package io.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.GpuAssumption;
import io.jgrad.testing.ConformanceCase;
import io.jgrad.testing.ConformanceCase.CaseTensor;
import io.jgrad.testing.ConformanceChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays PyTorch 1.13's SGD / Adam / AdamW trajectories from the conformance cases: initial
 * params, the recorded gradient of every step, and every parameter after every step plus the final
 * buffers (read back through {@link Optimizer#stateDict()}). Runs on the fast CPU backend and on
 * the double-precision reference backend.
 */
class OptimizerConformanceTest {
  private static final String[] OPS = {"sgd_steps", "adam_steps"};
  private static final Map<String, Integer> RAN = new ConcurrentHashMap<>();

  static Stream<Arguments> cases() {
    return ConformanceCase.forOps(OPS).stream()
        .flatMap(
            c -> Stream.of(Device.CPU, Device.REFERENCE, Device.CUDA).map(d -> Arguments.of(c, d)));
  }

  @Test
  void everyOptimizerOpHasCases() {
    List<ConformanceCase> cases = ConformanceCase.forOps(OPS);
    for (String op : OPS) {
      assertTrue(cases.stream().anyMatch(c -> c.op().equals(op)), "no conformance case for " + op);
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("cases")
  void matchesPyTorch(ConformanceCase c, Device device) {
    GpuAssumption.assumeAvailable(device);
    JsonNode attrs = c.attrs();
    List<String> names = new ArrayList<>();
    attrs.get("params").forEach(n -> names.add(n.asText()));
    List<Tensor> params = new ArrayList<>();
    for (String name : names) {
      params.add(tensor(c.input(name), device).requiresGrad(true));
    }
    Optimizer opt = optimizer(attrs, params);
    ConformanceChecker checker = new ConformanceChecker(c);
    int steps = attrs.get("steps").asInt();
    for (int t = 1; t <= steps; t++) {
      for (int i = 0; i < names.size(); i++) {
        params.get(i).setGrad(tensor(c.input("g" + t + "." + names.get(i)), device));
      }
      opt.step();
      for (int i = 0; i < names.size(); i++) {
        Tensor p = params.get(i);
        checker.put("outputs.step" + t + "." + names.get(i), p.shape().dims(), p.toDoubleArray());
      }
    }
    Map<String, Tensor> state = opt.stateDict();
    for (int i = 0; i < names.size(); i++) {
      for (String buffer : List.of("momentum_buffer", "exp_avg", "exp_avg_sq")) {
        Tensor b = state.get("state." + i + "." + buffer);
        if (b != null) {
          assertTrue(
              opt.state(params.get(i)).buffer(buffer).device().equals(device),
              buffer + " must live on the parameter's device " + device);
          checker.put(
              "state_after." + names.get(i) + "." + buffer, b.shape().dims(), b.toDoubleArray());
        }
      }
    }
    checker.verify();
    RAN.merge(c.op(), 1, Integer::sum);
  }

  @AfterAll
  static void atLeastOneCasePerOpRan() {
    for (String op : OPS) {
      assertFalse(RAN.getOrDefault(op, 0) == 0, "no " + op + " case ran");
    }
  }

  private static Tensor tensor(CaseTensor t, Device device) {
    return Tensors.fromArray(t.floats(), Shape.of(t.shape()), device);
  }

  private static Optimizer optimizer(JsonNode a, List<Tensor> params) {
    String kind = a.get("optimizer").asText();
    double lr = a.get("lr").asDouble();
    double wd = a.get("weight_decay").asDouble();
    switch (kind) {
      case "sgd":
        return new SGD(
            params,
            lr,
            a.get("momentum").asDouble(),
            a.get("dampening").asDouble(),
            wd,
            a.get("nesterov").asBoolean());
      case "adam":
        return new Adam(
            params,
            lr,
            a.get("betas").get(0).asDouble(),
            a.get("betas").get(1).asDouble(),
            a.get("eps").asDouble(),
            wd,
            a.get("amsgrad").asBoolean());
      case "adamw":
        return new AdamW(
            params,
            lr,
            a.get("betas").get(0).asDouble(),
            a.get("betas").get(1).asDouble(),
            a.get("eps").asDouble(),
            wd,
            a.get("amsgrad").asBoolean());
      default:
        throw new IllegalArgumentException("unknown optimizer in conformance case: " + kind);
    }
  }
}
