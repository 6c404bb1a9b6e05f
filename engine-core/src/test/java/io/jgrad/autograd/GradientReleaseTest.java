package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cpu.CpuStorage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Memory release by the backward engine: intermediate gradient buffers are closed once no node
 * needs them (never the caller's seed, never one still pending, and only after every consumer ran),
 * and with {@link ActivationRelease} the ops' outputs are closed too (never the root's, a leaf's,
 * or a view of a leaf). Gradients are the same either way.
 */
@SuppressWarnings("try") // the scopes are used only for their close()
class GradientReleaseTest {
  /** y = copy(x), dy/dx = 1; records each gradient buffer its backward receives. */
  static final class Probe extends Function {
    final List<Storage> seen = new ArrayList<>();

    Tensor apply(Tensor x) {
      return record(x.backend().memory().copy(x.storage()), x.shape(), x);
    }

    @Override
    protected Storage[] backward(Storage g) {
      seen.add(g);
      return grads(g.backend().memory().copy(g));
    }
  }

  /** y = a + b + c; hands the one output gradient to all three inputs. */
  static final class Sum3 extends Function {
    Tensor apply(Tensor a, Tensor b, Tensor c) {
      var k = a.backend().elementwise();
      Storage ab = k.binary(BinaryOp.ADD, a.storage(), b.storage());
      return record(k.binary(BinaryOp.ADD, ab, c.storage()), a.shape(), a, b, c);
    }

    @Override
    protected Storage[] backward(Storage g) {
      return grads(g, g, g);
    }
  }

  private static Tensor leaf(float... values) {
    return Tensors.fromArray(values, Shape.of(values.length), Device.CPU).requiresGrad(true);
  }

  private static boolean closed(Storage s) {
    return ((CpuStorage) s).isClosed();
  }

  @Test
  void consumedGradientsAreClosedButTheSeedAndLeafGradientsStay() {
    Tensor x = leaf(1, 2, 3);
    Probe first = new Probe();
    Probe second = new Probe();
    Tensor y = second.apply(first.apply(x));
    Tensor seed = Tensors.fromArray(new float[] {1, 10, 100}, Shape.of(3), Device.CPU);
    y.backward(seed);
    assertSame(seed.storage(), second.seen.get(0), "the last op receives the seed itself");
    assertFalse(closed(seed.storage()), "the caller's seed is never closed");
    Storage middle = first.seen.get(0);
    assertTrue(closed(middle), "the gradient between the probes is closed once consumed");
    assertArrayEquals(new float[] {1, 10, 100}, x.grad().toArray(), "the leaf keeps a copy");
  }

  @Test
  void aGradientSharedByTwoInputsStaysOpenUntilBothConsumedIt() {
    // z = sum(p1(x) + p2(x)): AddOp hands one buffer to both probes; dz/dx = 2.
    Tensor x = leaf(1, 2, 3, 4);
    Probe p1 = new Probe();
    Probe p2 = new Probe();
    p1.apply(x).add(p2.apply(x)).sum().backward();
    assertSame(p1.seen.get(0), p2.seen.get(0), "AddOp passes one buffer to both inputs");
    assertTrue(closed(p1.seen.get(0)), "closed after its second consumer");
    assertArrayEquals(new float[] {2, 2, 2, 2}, x.grad().toArray());
  }

  @Test
  void aBufferHandedToThreeInputsSurvivesBeingSummedForTwoOfThem() {
    // z = sum(h + h + k), h = p1(x), k = p2(y): dz/dx = 2, dz/dy = 1
    Tensor x = leaf(1, 2);
    Tensor y = leaf(3, 4);
    Probe p1 = new Probe();
    Probe p2 = new Probe();
    Tensor h = p1.apply(x);
    new Sum3().apply(h, h, p2.apply(y)).sum().backward();
    assertArrayEquals(new float[] {2, 2}, x.grad().toArray());
    assertArrayEquals(new float[] {1, 1}, y.grad().toArray());
  }

  @Test
  void retainedGradientsSurviveTheRelease() {
    Tensor x = leaf(1, -2);
    Probe p = new Probe();
    Tensor h = p.apply(x).retainGrad();
    h.mul(3.0).sum().backward();
    assertTrue(closed(p.seen.get(0)));
    assertArrayEquals(new float[] {3, 3}, h.grad().toArray(), "the retained copy is intact");
    assertArrayEquals(new float[] {3, 3}, x.grad().toArray());
  }

  @Test
  void activationReleaseClosesIntermediatesOnlyInsideTheScope() {
    float[] data = {0.5f, -1f, 2f};
    // z = sum(exp(x)^2) -> dz/dx = 2 exp(2x)
    float[] expected = new float[3];
    for (int i = 0; i < 3; i++) {
      expected[i] = (float) (2 * Math.exp(2 * data[i]));
    }
    Tensor x1 = leaf(data);
    Tensor e1 = x1.exp();
    e1.mul(e1).sum().backward();
    assertArrayEquals(expected, x1.grad().toArray(), 1e-5f);
    assertEquals(3, e1.toArray().length, "without the scope intermediates stay readable");

    assertFalse(ActivationRelease.isEnabled());
    Tensor x2 = leaf(data);
    Tensor view = x2.reshape(3, 1);
    Tensor e2 = view.exp();
    Tensor loss = e2.mul(e2).sum();
    try (var scope = ActivationRelease.enable()) {
      assertTrue(ActivationRelease.isEnabled());
      loss.backward();
    }
    assertFalse(ActivationRelease.isEnabled(), "the scope restores the setting");
    assertArrayEquals(expected, x2.grad().toArray(), 1e-5f, "same gradients");
    IllegalStateException e = assertThrows(IllegalStateException.class, e2::toArray);
    assertTrue(e.getMessage().contains("after close()"), e.getMessage());
    assertEquals(3, x2.toArray().length, "a leaf is never closed");
    assertEquals(3, view.toArray().length, "nor a view sharing a leaf's buffer");
    assertEquals(1, loss.toArray().length, "nor the root");
  }

  @Test
  void aRootThatIsAViewOfAnotherOutputKeepsItsData() {
    Tensor x = leaf(1, 2, 3);
    Tensor loss = x.exp().sum().reshape(1, 1);
    try (var scope = ActivationRelease.enable()) {
      loss.backward(Tensors.onesLike(loss));
    }
    assertEquals((float) (Math.exp(1) + Math.exp(2) + Math.exp(3)), loss.item(), 1e-4f);
  }

  @Test
  void retainGraphKeepsActivationsEvenInsideTheScope() {
    Tensor x = leaf(1, 2);
    Tensor e = x.exp();
    Tensor loss = e.sum();
    try (var scope = ActivationRelease.enable()) {
      loss.backward(Tensors.onesLike(loss), true);
      loss.backward(Tensors.onesLike(loss), true);
    }
    assertEquals(2, e.toArray().length);
    assertArrayEquals(
        new float[] {(float) (2 * Math.exp(1)), (float) (2 * Math.exp(2))},
        x.grad().toArray(),
        1e-5f);
  }
}
