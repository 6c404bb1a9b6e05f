package io.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The autograd engine's contract (PyTorch semantics): accumulation, shared subexpressions, the
 * needs-grad mask, retained and released graphs, no-grad scopes, deep graphs, argument errors and
 * detach. Expected gradients are derived by hand in each test's comment.
 */
class BackwardEngineTest {
  private static final Device CPU = Device.CPU;

  private static Tensor leaf(float[] data, int... shape) {
    return Tensors.fromArray(data, Shape.of(shape), CPU).requiresGrad(true);
  }

  private static Tensor constant(float[] data, int... shape) {
    return Tensors.fromArray(data, Shape.of(shape), CPU);
  }

  private static void assertValues(float[] expected, Tensor t, String what) {
    assertNotNull(t, what + " is null");
    assertArrayEquals(expected, t.toArray(), 1e-6f, what);
  }

  @Test
  void leafGradientsAccumulateAcrossBackwardCalls() {
    // d/dx sum(x*x) = 2x; two passes accumulate 4x.
    Tensor x = leaf(new float[] {1, -2, 3}, 3);
    x.mul(x).sum().backward();
    assertValues(new float[] {2, -4, 6}, x.grad(), "after one backward");
    x.mul(x).sum().backward();
    assertValues(new float[] {4, -8, 12}, x.grad(), "after two backwards");
    x.setGrad(null);
    x.mul(3.0).sum().backward();
    assertValues(new float[] {3, 3, 3}, x.grad(), "after clearing");
  }

  @Test
  void diamondGraphSumsBothPaths() {
    // a = exp(x) is used twice: y = sum(a*a + a) -> dy/dx = (2a + 1) * a.
    Tensor x = leaf(new float[] {0f, 0.5f, -1f}, 3);
    Tensor a = x.exp();
    a.mul(a).add(a).sum().backward();
    float[] expected = new float[3];
    float[] xs = {0f, 0.5f, -1f};
    for (int i = 0; i < 3; i++) {
      double e = Math.exp(xs[i]);
      expected[i] = (float) ((2 * e + 1) * e);
    }
    assertArrayEquals(expected, x.grad().toArray(), 1e-5f);
  }

  @Test
  void sameTensorAsBothOperandsOfAdd() {
    // AddOp hands the same gradient buffer to both inputs: a+a must give 2, a leaf x+x too.
    Tensor x = leaf(new float[] {1, 2}, 2);
    Tensor h = x.mul(1.5);
    h.add(h).sum().backward();
    assertValues(new float[] {3, 3}, x.grad(), "d sum(h+h)/dx with h = 1.5x");
    Tensor z = leaf(new float[] {1, 2}, 2);
    z.add(z).sum().backward();
    assertValues(new float[] {2, 2}, z.grad(), "d sum(z+z)/dz");
  }

  /** Records the needs-grad flags backward sees and returns a gradient only where needed. */
  static final class SpyMulOp extends Function {
    final List<boolean[]> seen = new ArrayList<>();
    private Storage a;
    private Storage b;

    Tensor apply(Tensor x, Tensor y) {
      a = x.storage();
      b = y.storage();
      return record(x.backend().elementwise().binary(BinaryOp.MUL, a, b), x.shape(), x, y);
    }

    @Override
    protected Storage[] backward(Storage g) {
      seen.add(new boolean[] {needsInputGrad(0), needsInputGrad(1)});
      return grads(
          needsInputGrad(0) ? backend().elementwise().binary(BinaryOp.MUL, g, b) : null,
          needsInputGrad(1) ? backend().elementwise().binary(BinaryOp.MUL, g, a) : null);
    }
  }

  @Test
  void needsGradMaskReachesTheOpAndSkipsConstants() {
    Tensor x = leaf(new float[] {1, 2}, 2);
    Tensor c = constant(new float[] {5, 7}, 2);
    SpyMulOp spy = new SpyMulOp();
    spy.apply(x, c).sum().backward();
    assertEquals(1, spy.seen.size());
    assertArrayEquals(new boolean[] {true, false}, spy.seen.get(0));
    assertValues(new float[] {5, 7}, x.grad(), "x.grad = c");
    assertNull(c.grad(), "a constant gets no gradient");
    assertFalse(c.requiresGrad());

    // Built-in ops too: only b requires grad.
    Tensor a = constant(new float[] {2, 3}, 2);
    Tensor b = leaf(new float[] {4, 5}, 2);
    a.mul(b).sum().backward();
    assertNull(a.grad());
    assertValues(new float[] {2, 3}, b.grad(), "b.grad = a");
  }

  @Test
  void opsOnConstantsRecordNothing() {
    Tensor a = constant(new float[] {1, 2}, 2);
    Tensor y = a.mul(a).exp();
    assertFalse(y.requiresGrad());
    assertTrue(y.isLeaf());
    assertNull(y.gradFn());
  }

  @Test
  void nonLeafGradientsAreKeptOnlyWhenRetained() {
    Tensor x = leaf(new float[] {1, 2, 3}, 3);
    Tensor h = x.mul(2.0);
    h.mul(h).sum().backward();
    assertNull(h.grad(), "an intermediate keeps no grad by default");
    assertValues(new float[] {8, 16, 24}, x.grad(), "d sum((2x)^2)/dx = 8x");

    Tensor x2 = leaf(new float[] {1, 2, 3}, 3);
    Tensor h2 = x2.mul(2.0).retainGrad();
    h2.mul(h2).sum().backward();
    assertValues(new float[] {4, 8, 12}, h2.grad(), "retained d/dh sum(h^2) = 2h");
    assertTrue(h2.retainsGrad());
  }

  @Test
  void retainedRootKeepsItsSeed() {
    Tensor x = leaf(new float[] {1, 2}, 2);
    Tensor y = x.mul(3.0).retainGrad();
    y.backward(constant(new float[] {0.5f, -1f}, 2));
    assertValues(new float[] {0.5f, -1f}, y.grad(), "root grad is the seed");
    assertValues(new float[] {1.5f, -3f}, x.grad(), "x.grad = 3 * seed");
  }

  @Test
  void noGradScopeRecordsNothingAndRestoresTheMode() {
    Tensor x = leaf(new float[] {1, 2}, 2);
    assertTrue(GradMode.isEnabled());
    Tensor y;
    GradMode.Scope outer = GradMode.noGrad();
    try {
      assertFalse(GradMode.isEnabled());
      y = x.mul(x).exp();
      GradMode.Scope inner = GradMode.enableGrad();
      try {
        assertTrue(x.mul(2.0).requiresGrad(), "enableGrad inside noGrad records again");
      } finally {
        inner.close();
      }
      assertFalse(GradMode.isEnabled(), "closing the inner scope restores no-grad");
    } finally {
      outer.close();
    }
    assertTrue(GradMode.isEnabled(), "closing the scope restores grad mode");
    assertFalse(y.requiresGrad());
    assertNull(y.gradFn());
    assertTrue(y.isLeaf());
    assertTrue(x.mul(x).requiresGrad(), "recording resumes after the scope");
  }

  @Test
  void backwardTwiceThroughAReleasedGraphThrows() {
    Tensor x = leaf(new float[] {1, 2}, 2);
    Tensor y = x.mul(x).sum();
    y.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("released"), e.getMessage());
    assertValues(new float[] {2, 4}, x.grad(), "the failed pass added nothing");
  }

  @Test
  void retainGraphAllowsAnotherPass() {
    Tensor x = leaf(new float[] {1, 2}, 2);
    Tensor y = x.mul(x).sum();
    Tensor one = Tensors.ones(Shape.scalar(), CPU);
    y.backward(one, true);
    y.backward(one, true);
    assertValues(new float[] {4, 8}, x.grad(), "two passes of 2x");
    y.backward(one, false);
    assertValues(new float[] {6, 12}, x.grad(), "third pass releases");
    assertThrows(IllegalStateException.class, () -> y.backward(one, false));
  }

  @Test
  void deepChainDoesNotOverflowTheStack() throws InterruptedException {
    // 100,000 ops, run on a thread with a small (256 KiB) stack: a recursive topological sort
    // or backward would overflow it. h = x + 0 + 0 + ..., y = sum(3h), so dy/dx = 3.
    int depth = 100_000;
    AtomicReference<Throwable> error = new AtomicReference<>();
    AtomicReference<float[]> grad = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                Tensor x = leaf(new float[] {1, 2}, 2);
                Tensor h = x;
                for (int i = 0; i < depth; i++) {
                  h = h.add(0.0);
                }
                h.mul(3.0).sum().backward();
                grad.set(x.grad().toArray());
              } catch (Throwable e) {
                error.set(e);
              }
            },
            "deep-chain",
            256 * 1024);
    t.start();
    t.join();
    if (error.get() != null) {
      throw new AssertionError("deep chain failed: " + error.get(), error.get());
    }
    assertArrayEquals(new float[] {3, 3}, grad.get());
  }

  @Test
  void backwardOnNonScalarWithoutGradientThrows() {
    Tensor x = leaf(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor y = x.mul(2.0);
    RuntimeException e = assertThrows(RuntimeException.class, y::backward);
    assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    assertNull(x.grad());
  }

  @Test
  void gradientOfTheWrongShapeThrowsNamingBothShapes() {
    Tensor x = leaf(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor y = x.mul(2.0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> y.backward(constant(new float[] {1, 2, 3, 4, 5, 6}, 3, 2)));
    assertTrue(e.getMessage().contains("backward"), e.getMessage());
    assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    assertTrue(e.getMessage().contains("[3, 2]"), e.getMessage());
  }

  @Test
  void backwardOnATensorWithoutGraphThrows() {
    Tensor c = constant(new float[] {1}, 1);
    assertThrows(IllegalStateException.class, c::backward);
  }

  @Test
  void backwardOnALeafAccumulatesTheGradient() {
    Tensor x = leaf(new float[] {1, 2}, 2);
    x.backward(constant(new float[] {3, 4}, 2));
    assertValues(new float[] {3, 4}, x.grad(), "a leaf's grad is the seed");
  }

  @Test
  void detachSharesDataButCutsTheGraph() {
    // y = sum(detach(x) * x): only the second factor carries a gradient, so dy/dx = x.
    Tensor x = leaf(new float[] {2, -3}, 2);
    Tensor d = x.detach();
    assertFalse(d.requiresGrad());
    assertTrue(d.isLeaf());
    assertArrayEquals(x.toArray(), d.toArray());
    d.mul(x).sum().backward();
    assertValues(new float[] {2, -3}, x.grad(), "gradient only through the attached factor");
    assertNull(d.grad());

    Tensor h = x.mul(2.0);
    Tensor hd = h.detach();
    assertNull(hd.gradFn());
    assertSame(h.storage(), hd.storage(), "detach shares storage like PyTorch");
  }

  @Test
  void requiresGradCannotChangeOnNonLeaf() {
    Tensor x = leaf(new float[] {1}, 1);
    Tensor y = x.mul(2.0);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
    assertTrue(e.getMessage().contains("leaf"), e.getMessage());
  }

  @Test
  void unusedBranchesGetNoGradient() {
    // z = exp(x) is computed but not part of y: it must not break the pass, x.grad is from y only.
    Tensor x = leaf(new float[] {1, 2}, 2);
    Tensor unused = x.exp();
    x.mul(4.0).sum().backward();
    assertValues(new float[] {4, 4}, x.grad(), "only the used branch");
    assertTrue(unused.requiresGrad());
  }
}
