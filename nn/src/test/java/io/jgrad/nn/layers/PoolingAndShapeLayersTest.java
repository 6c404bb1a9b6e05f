package io.jgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.testing.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * The stateless layers delegate to the functional ops with the right arguments: checked on a
 * 1x1x4x4 ramp 0..15 whose window maxima and means are easy to derive by hand.
 */
class PoolingAndShapeLayersTest {
  private static Tensor ramp() {
    float[] v = new float[16];
    for (int i = 0; i < 16; i++) {
      v[i] = i;
    }
    return Tensors.fromArray(v, 1, 1, 4, 4);
  }

  @Test
  void maxPoolTakesEachWindowsMaximum() {
    Tensor y = new MaxPool2d(2).forward(ramp());
    assertEquals(Shape.of(1, 1, 2, 2), y.shape());
    // windows {0,1,4,5} {2,3,6,7} {8,9,12,13} {10,11,14,15}: the maximum is the bottom right.
    assertArrayEquals(new float[] {5, 7, 13, 15}, y.toArray());
  }

  @Test
  void avgPoolAveragesEachWindow() {
    Tensor y = new AvgPool2d(2).forward(ramp());
    assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, y.toArray());
    // stride 1 gives a 3x3 output, window means (i + i+1 + i+4 + i+5) / 4 = i + 2.5
    Tensor z = new AvgPool2d(2, 1).forward(ramp());
    assertArrayEquals(
        new float[] {2.5f, 3.5f, 4.5f, 6.5f, 7.5f, 8.5f, 10.5f, 11.5f, 12.5f}, z.toArray());
  }

  @Test
  void adaptiveAndGlobalAveragePooling() {
    assertArrayEquals(
        new float[] {2.5f, 4.5f, 10.5f, 12.5f}, new AdaptiveAvgPool2d(2).forward(ramp()).toArray());
    Tensor g = new GlobalAvgPool2d().forward(ramp());
    assertEquals(Shape.of(1, 1, 1, 1), g.shape());
    assertEquals(7.5f, g.item(), 1e-6f);
    assertEquals(Shape.of(1, 1, 1, 1), new AdaptiveAvgPool2d(1, 1).forward(ramp()).shape());
  }

  @Test
  void flattenReluIdentityAndLogSoftmax() {
    Tensor x = ramp();
    assertEquals(Shape.of(1, 16), new Flatten().forward(x).shape());
    assertEquals(Shape.of(4, 4), new Flatten(0, 2).forward(x).shape());
    assertSame(x, new Identity().forward(x));
    Tensor r = new ReLU().forward(Tensors.fromArray(new float[] {-1, 2}, 2));
    assertArrayEquals(new float[] {0, 2}, r.toArray());
    Tensor logits = Tensors.fromArray(new float[] {1, 2, 3}, 1, 3);
    double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    Tolerances.assertClose(
        "log_softmax",
        new double[] {1 - lse, 2 - lse, 3 - lse},
        new LogSoftmax(1).forward(logits).toArray(),
        1e-6,
        1e-5);
  }

  @Test
  void linearComputesXTimesWTransposedPlusB() {
    Linear l = new Linear(2, 1);
    l.weight().copyFrom(Tensors.fromArray(new float[] {2, -1}, 1, 2));
    l.bias().copyFrom(Tensors.fromArray(new float[] {0.5f}, 1));
    Tensor y = l.forward(Tensors.fromArray(new float[] {3, 4, 1, 1}, 2, 2));
    assertArrayEquals(new float[] {2.5f, 1.5f}, y.toArray());
  }
}
