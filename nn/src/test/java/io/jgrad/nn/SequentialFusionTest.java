package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.GradMode;
import io.jgrad.functional.Functional;
import io.jgrad.nn.layers.BatchNorm2d;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.Dropout;
import io.jgrad.nn.layers.ReLU;
import io.jgrad.nn.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Sequential} runs a batch norm followed by a ReLU as one fused op: the same outputs,
 * gradients and running statistics, bit for bit on the CPU, as calling the layers one by one; the
 * same state dict; and no fusion when a hook must see one of the two layers' outputs, when their
 * modes differ, when a layer is a subclass or under {@code -Djgrad.fusion=off}.
 */
class SequentialFusionTest {
  private static final int BATCH = 4;
  private static final int[] TARGETS = {3, 1, 4, 1};

  @Test
  void trainingStepsMatchTheLayersCalledOneByOne() {
    Sequential fused = TestNets.mnist7840(5);
    Sequential plain = TestNets.mnist7840(5);
    SGD optFused = new SGD(fused.parameters(), 0.1, 0.9);
    SGD optPlain = new SGD(plain.parameters(), 0.1, 0.9);
    List<String> seen = dropoutInputOps(fused);
    for (int step = 0; step < 3; step++) {
      Tensor x = images(step);
      seen.clear();
      Tensor a = fused.call(x);
      Tensor b = layerByLayer(plain, x);
      assertArrayEquals(b.toArray(), a.toArray(), "output, step " + step);
      loss(a).backward();
      loss(b).backward();
      assertSameState("step " + step, plain, fused, true);
      optFused.step();
      optPlain.step();
      fused.zeroGrad();
      plain.zeroGrad();
    }
    assertEquals(List.of("BatchNorm2dRelu"), distinct(seen), "every block fused");
    assertEquals(3f, fused.stateDict().get("1.num_batches_tracked").item(), 0f);
    assertEquals(plain.stateDict().keySet(), fused.stateDict().keySet());
  }

  @Test
  void evaluationModeMatchesAndFuses() {
    Sequential fused = TestNets.mnist7840(6);
    Sequential plain = TestNets.mnist7840(6);
    for (int step = 0; step < 2; step++) { // move the running statistics off their defaults
      fused.call(images(step));
      layerByLayer(plain, images(step));
    }
    fused.eval();
    plain.eval();
    List<String> seen = dropoutInputOps(fused);
    Tensor x = images(7).requiresGrad(true);
    Tensor xPlain = images(7).requiresGrad(true);
    Tensor a = fused.call(x);
    Tensor b = layerByLayer(plain, xPlain);
    assertArrayEquals(b.toArray(), a.toArray(), "eval output");
    loss(a).backward();
    loss(b).backward();
    assertArrayEquals(xPlain.grad().toArray(), x.grad().toArray(), "eval input grad");
    assertSameState("eval", plain, fused, true);
    assertEquals(List.of("BatchNorm2dRelu"), distinct(seen));
    try (GradMode.Scope s = GradMode.noGrad()) {
      assertArrayEquals(layerByLayer(plain, x).toArray(), fused.call(x).toArray(), "no grad");
    }
  }

  @Test
  void fusionPropertyOffRunsTheLayersOneByOneWithTheSameResult() {
    Sequential fused = TestNets.mnist7840(8);
    Sequential plain = TestNets.mnist7840(8);
    Tensor a = fused.call(images(0));
    List<String> seen = dropoutInputOps(plain);
    System.setProperty("jgrad.fusion", "off");
    try {
      Tensor b = plain.call(images(0));
      assertEquals(List.of("Relu"), distinct(seen), "-Djgrad.fusion=off: nothing fused");
      assertArrayEquals(a.toArray(), b.toArray(), "output");
      loss(a).backward();
      loss(b).backward();
      assertSameState("-Djgrad.fusion=off", fused, plain, true);
    } finally {
      System.clearProperty("jgrad.fusion");
    }
    seen.clear();
    plain.call(images(1));
    assertEquals(List.of("BatchNorm2dRelu"), distinct(seen), "fused again without the property");
  }

  @Test
  void hooksSwitchFusionOffAndSeeTheRealOutputs() {
    Sequential fused = TestNets.mnist7840(7);
    Sequential plain = TestNets.mnist7840(7);
    List<String> bnOutputs = new ArrayList<>();
    List<Float> bnMin = new ArrayList<>();
    ForwardHook.Handle h =
        fused
            .get(1)
            .registerForwardHook(
                (m, in, out) -> {
                  bnOutputs.add(out.gradFn().name());
                  float min = Float.MAX_VALUE;
                  for (float v : out.toArray()) {
                    min = Math.min(min, v);
                  }
                  bnMin.add(min);
                });
    ForwardHook.Handle r = fused.get(6).registerForwardHook((m, in, out) -> {});
    List<String> seen = dropoutInputOps(fused);
    Tensor a = fused.call(images(0));
    Tensor b = layerByLayer(plain, images(0));
    assertArrayEquals(b.toArray(), a.toArray());
    loss(a).backward();
    loss(b).backward();
    assertSameState("hooked", plain, fused, true);
    assertEquals(List.of("BatchNorm2d"), bnOutputs, "the hook saw batch norm's own output");
    assertTrue(bnMin.get(0) < 0, "batch norm's output has negatives before the ReLU");
    assertEquals("Relu", seen.get(0), "hooked batch norm: not fused");
    assertEquals("Relu", seen.get(1), "hooked ReLU: not fused");
    assertEquals("BatchNorm2dRelu", seen.get(2), "unhooked block: fused");
    h.close();
    r.close();
    seen.clear();
    fused.call(images(1));
    assertEquals(List.of("BatchNorm2dRelu"), distinct(seen), "hooks removed: fused again");
  }

  @Test
  void differentModesOrSubclassesDoNotFuse() {
    Sequential net =
        new Sequential(
            Conv2d.builder(1, 4, 3).bias(false).generator(new Generator(9)).build(),
            new BatchNorm2d(4),
            new ReLU(),
            new Dropout(0.0, 1L),
            new BatchNorm2d(4) {},
            new ReLU(),
            new Dropout(0.0, 2L),
            new BatchNorm2d(4),
            new ReLU(),
            new Dropout(0.0, 3L));
    net.get(1).eval(); // batch norm in evaluation mode, its ReLU in training mode
    List<String> seen = dropoutInputOps(net);
    net.call(images(0));
    assertEquals(List.of("Relu", "Relu", "BatchNorm2dRelu"), seen);
  }

  private static Tensor images(int step) {
    return Tensors.randn(new Generator(100 + step), Shape.of(BATCH, 1, 28, 28), Device.CPU);
  }

  private static Tensor loss(Tensor out) {
    return Functional.crossEntropy(out.reshape(BATCH, 10), TARGETS);
  }

  /** The unfused path: each layer through its own {@link Module#call}. */
  private static Tensor layerByLayer(Sequential s, Tensor x) {
    Tensor out = x;
    for (Module m : s) {
      out = m.call(out);
    }
    return out;
  }

  /** Records, per dropout layer, the op that produced its input (the ReLU or the fused op). */
  private static List<String> dropoutInputOps(Sequential s) {
    List<String> seen = new ArrayList<>();
    for (Module m : s) {
      if (m instanceof Dropout) {
        m.registerForwardHook(
            (mod, in, out) -> seen.add(in.gradFn() == null ? "none" : in.gradFn().name()));
      }
    }
    return seen;
  }

  private static List<String> distinct(List<String> names) {
    return names.stream().distinct().toList();
  }

  private static void assertSameState(String what, Module want, Module got, boolean grads) {
    Map<String, Tensor> w = want.stateDict();
    Map<String, Tensor> g = got.stateDict();
    assertEquals(w.keySet(), g.keySet(), what + ": state-dict keys");
    for (String k : w.keySet()) {
      assertArrayEquals(w.get(k).toArray(), g.get(k).toArray(), what + ": " + k);
    }
    if (grads) {
      Map<String, Tensor> wp = want.namedParameters();
      Map<String, Tensor> gp = got.namedParameters();
      for (String k : wp.keySet()) {
        assertArrayEquals(
            wp.get(k).grad().toArray(), gp.get(k).grad().toArray(), what + ": grad of " + k);
      }
    }
  }
}
