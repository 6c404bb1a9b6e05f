package io.jgrad.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.functional.Functional;
import org.junit.jupiter.api.Test;

/**
 * Non-finite values propagate as in PyTorch (no exceptions), and empty tensors (a batch of 0) work
 * where PyTorch allows them. Runs on the CPU backend.
 */
class SpecialValuesTest {
  private static final float NAN = Float.NaN;
  private static final float INF = Float.POSITIVE_INFINITY;

  private static Tensor of(float[] data, int... shape) {
    return Tensors.fromArray(data, Shape.of(shape), Device.CPU);
  }

  @Test
  void reluPropagatesNanAndInfinity() {
    // torch.relu([nan, inf, -inf, -1, 2]) = [nan, inf, 0, 0, 2]
    float[] y = of(new float[] {NAN, INF, -INF, -1, 2}, 5).relu().toArray();
    assertTrue(Float.isNaN(y[0]), "relu(nan) = nan, got " + y[0]);
    assertArrayEquals(new float[] {INF, 0, 0, 2}, new float[] {y[1], y[2], y[3], y[4]});
  }

  @Test
  void addPropagatesNanAndInfinity() {
    // nan + 1 = nan, inf + 1 = inf, inf + -inf = nan, 1 + 2 = 3
    float[] y =
        of(new float[] {NAN, INF, INF, 1}, 4).add(of(new float[] {1, 1, -INF, 2}, 4)).toArray();
    assertTrue(Float.isNaN(y[0]));
    assertEquals(INF, y[1]);
    assertTrue(Float.isNaN(y[2]));
    assertEquals(3f, y[3]);
  }

  @Test
  void convSpreadsNanOnlyToWindowsThatSeeIt() {
    // A 1x1x3x3 input of ones with a NaN in the corner, 2x2 kernel of ones: only the top-left
    // output window covers the NaN; the other three outputs are 4.
    float[] x = {NAN, 1, 1, 1, 1, 1, 1, 1, 1};
    float[] w = {1, 1, 1, 1};
    float[] y = Functional.conv2d(of(x, 1, 1, 3, 3), of(w, 1, 1, 2, 2), null, 1, 0).toArray();
    assertTrue(Float.isNaN(y[0]), "window with NaN gives NaN, got " + y[0]);
    assertArrayEquals(new float[] {4, 4, 4}, new float[] {y[1], y[2], y[3]});
  }

  @Test
  void softmaxOfNegativeInfinityIsZeroAndNanStaysInItsRow() {
    // softmax([-inf, 0, 0]) = [0, 0.5, 0.5] (masking); a NaN makes its own row NaN only.
    float[] y = of(new float[] {-INF, 0, 0, NAN, 1, 2}, 2, 3).softmax(1).toArray();
    assertArrayEquals(new float[] {0, 0.5f, 0.5f}, new float[] {y[0], y[1], y[2]}, 1e-7f);
    for (int i = 3; i < 6; i++) {
      assertTrue(Float.isNaN(y[i]), "row with NaN: element " + i + " = " + y[i]);
    }
    float[] logp = of(new float[] {-INF, 0, 0}, 1, 3).logSoftmax(1).toArray();
    assertEquals(Float.NEGATIVE_INFINITY, logp[0]);
    assertEquals((float) Math.log(0.5), logp[1], 1e-7f);
  }

  @Test
  void emptyBatchThroughElementwiseOps() {
    Tensor x = Tensors.zeros(Shape.of(0, 3), Device.CPU).requiresGrad(true);
    Tensor y = x.relu().add(Tensors.zeros(Shape.of(0, 3), Device.CPU)).mul(2.0);
    assertEquals(Shape.of(0, 3), y.shape());
    assertEquals(0, y.toArray().length);
    Tensor b = Tensors.ones(Shape.of(3), Device.CPU);
    assertEquals(Shape.of(0, 3), x.add(b).shape(), "broadcast [0,3] + [3]");
    Tensor s = y.sum();
    assertEquals(0f, s.item(), "sum of an empty tensor is 0");
    s.backward();
    assertEquals(Shape.of(0, 3), x.grad().shape());
  }

  @Test
  void emptyBatchReductionsAndReshape() {
    Tensor x = Tensors.zeros(Shape.of(0, 3), Device.CPU);
    assertArrayEquals(new float[] {0, 0, 0}, x.sum(new int[] {0}, false).toArray());
    assertEquals(Shape.of(0), x.sum(new int[] {1}, false).shape());
    assertTrue(Float.isNaN(x.mean().item()), "mean of an empty tensor is NaN as in PyTorch");
    assertEquals(Shape.of(0, 3, 1), x.reshape(0, 3, 1).shape());
    assertEquals(Shape.of(0, 3), x.softmax(1).shape());
  }

  @Test
  void emptyBatchThroughLinearAndConv() {
    Tensor w = Tensors.ones(Shape.of(4, 3), Device.CPU);
    assertEquals(
        Shape.of(0, 4),
        Functional.linear(Tensors.zeros(Shape.of(0, 3), Device.CPU), w, null).shape());
    Tensor cw = Tensors.ones(Shape.of(2, 1, 3, 3), Device.CPU);
    Tensor out = Functional.conv2d(Tensors.zeros(Shape.of(0, 1, 5, 5), Device.CPU), cw, null, 1, 0);
    assertEquals(Shape.of(0, 2, 3, 3), out.shape());
    assertEquals(
        Shape.of(0, 1, 2, 2),
        Functional.maxPool2d(Tensors.zeros(Shape.of(0, 1, 4, 4), Device.CPU), 2).shape());
  }
}
