package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.ActivationRelease;
import io.jgrad.autograd.GradMode;
import io.jgrad.nn.layers.Flatten;
import io.jgrad.nn.layers.Linear;
import io.jgrad.nn.layers.ReLU;
import org.junit.jupiter.api.Test;

/**
 * Without gradient recording and with {@link ActivationRelease} enabled, {@link Sequential} closes
 * each intermediate once the next module has read it: the result is the same bits, the input, the
 * result and whatever a forward hook saw stay readable, and the intermediates do not.
 */
class EvalReleaseTest {
  /** Keeps its input, which a module in a releasing chain must not do: it shows what is closed. */
  private static final class Probe extends Module {
    Tensor input;

    @Override
    public Tensor forward(Tensor x) {
      input = x;
      return x.mul(2.0);
    }
  }

  private static Tensor images(long seed) {
    return Tensors.randn(new Generator(seed), Shape.of(3, 1, 28, 28), Device.CPU);
  }

  @SuppressWarnings("try") // the scopes are used only for their close()
  private static Tensor evaluate(Module m, Tensor x, boolean release) {
    try (GradMode.Scope noGrad = GradMode.noGrad();
        GradMode.Scope r = release ? ActivationRelease.enable() : () -> {}) {
      return m.call(x);
    }
  }

  @Test
  void releasingGivesTheSameOutputBits() {
    Sequential net = TestNets.mnist7840(3);
    for (int step = 0; step < 2; step++) { // move the running statistics off their defaults
      net.call(images(step));
    }
    net.eval();
    Tensor x = images(9);
    float[] kept = evaluate(net, x, false).toArray();
    for (int round = 0; round < 3; round++) { // later rounds run on recycled buffers
      assertArrayEquals(kept, evaluate(net, x, true).toArray(), "round " + round);
    }
    assertNotNull(x.toArray(), "the input stays readable");
  }

  @Test
  void intermediatesAreClosedOnlyWhenReleasing() {
    Probe probe = new Probe();
    Sequential s = new Sequential(new Flatten(), new Linear(784, 8), probe, new ReLU());
    Tensor x = images(1);
    evaluate(s, x, false);
    assertNotNull(probe.input.toArray(), "nothing is closed without ActivationRelease");
    Tensor out = evaluate(s, x, true);
    assertThrows(IllegalStateException.class, () -> probe.input.toArray(), "Linear's output");
    assertNotNull(out.toArray(), "the result");
    assertNotNull(x.toArray(), "the input, although Flatten's output is a view of it");
  }

  @Test
  @SuppressWarnings("try") // the scope is used only for its close()
  void forwardClosesNothingWhileRecordingGradients() {
    Probe probe = new Probe();
    Sequential s = new Sequential(new Linear(5, 4), probe, new ReLU());
    try (GradMode.Scope r = ActivationRelease.enable()) {
      Tensor out = s.call(Tensors.randn(new Generator(2), Shape.of(2, 5), Device.CPU));
      assertNotNull(probe.input.toArray(), "backward needs it");
      out.sum().backward(); // which then frees it, as ActivationRelease says
    }
    assertThrows(IllegalStateException.class, () -> probe.input.toArray());
  }

  @Test
  void whatAHookSawStaysReadable() {
    Tensor[] seen = new Tensor[3];
    Linear first = new Linear(784, 8);
    Linear inner = new Linear(8, 6);
    first.registerForwardHook((m, in, out) -> seen[0] = out);
    inner.registerForwardHook(
        (m, in, out) -> {
          seen[1] = in;
          seen[2] = out;
        });
    Probe probe = new Probe();
    Sequential nested = new Sequential(new ReLU(), inner);
    Sequential s = new Sequential(new Flatten(), first, nested, probe, new ReLU());
    Tensor x = images(4);
    evaluate(s, x, false);
    float[][] expected = {seen[0].toArray(), seen[1].toArray(), seen[2].toArray()};
    evaluate(s, x, true);
    assertArrayEquals(expected[0], seen[0].toArray(), "the hooked layer's output");
    assertArrayEquals(expected[1], seen[1].toArray(), "the input of a hooked layer in a chain");
    assertArrayEquals(expected[2], seen[2].toArray(), "the output of a hooked layer in a chain");
    assertNotNull(probe.input.toArray(), "the nested chain's result: a hook inside saw it");
  }
}
