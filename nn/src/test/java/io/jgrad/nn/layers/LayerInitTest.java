package io.jgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.nn.init.Init;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PyTorch's default initialization of Conv2d, Linear and BatchNorm2d, from seeded generators. */
class LayerInitTest {
  /** Checks |v| <= bound everywhere and that the draws spread over the range (max > 0.9 bound). */
  private static void assertUniformWithin(String what, Tensor t, double bound) {
    double max = 0;
    for (float v : t.toArray()) {
      assertTrue(Math.abs(v) <= bound, what + ": " + v + " outside ±" + bound);
      max = Math.max(max, Math.abs(v));
    }
    // 0.9^n for n >= 100 draws is below 3e-5: a missing or shrunken init fails here.
    assertTrue(max > 0.9 * bound, what + ": largest |value| " + max + " for bound " + bound);
  }

  @Test
  void conv2dWeightAndBiasWithinOneOverSqrtFanIn() {
    Conv2d c = Conv2d.builder(8, 16, 3).groups(2).generator(new Generator(7)).build();
    assertEquals(Shape.of(16, 4, 3, 3), c.weight().shape());
    double bound = 1 / Math.sqrt(4 * 3 * 3); // fan_in = in/groups * kH * kW
    assertUniformWithin("weight", c.weight(), bound);
    assertEquals(Shape.of(16), c.bias().shape());
    for (float v : c.bias().toArray()) {
      assertTrue(Math.abs(v) <= bound, "bias " + v);
    }
    assertTrue(c.weight().requiresGrad() && c.weight().isLeaf());
  }

  @Test
  void linearWeightAndBiasWithinOneOverSqrtIn() {
    Linear l = new Linear(50, 200, true, new Generator(3));
    assertUniformWithin("weight", l.weight(), 1 / Math.sqrt(50));
    for (float v : l.bias().toArray()) {
      assertTrue(Math.abs(v) <= 1 / Math.sqrt(50), "bias " + v);
    }
    assertNull(new Linear(5, 2, false, new Generator(3)).bias());
  }

  @Test
  void sameSeedSameWeightsOtherSeedOtherWeights() {
    float[] a = new Conv2d(3, 4, 3, 1, 0, true, new Generator(42)).weight().toArray();
    float[] b = new Conv2d(3, 4, 3, 1, 0, true, new Generator(42)).weight().toArray();
    float[] c = new Conv2d(3, 4, 3, 1, 0, true, new Generator(43)).weight().toArray();
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void defaultGeneratorIsReproducibleAfterManualSeed() {
    Init.manualSeed(11);
    float[] a = new Linear(6, 5).weight().toArray();
    float[] a2 = new Linear(6, 5).weight().toArray();
    Init.manualSeed(11);
    float[] b = new Linear(6, 5).weight().toArray();
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, a2), "the default generator advances between layers");
  }

  @Test
  void batchNormStartsAsIdentityWithUnitRunningVariance() {
    BatchNorm2d bn = new BatchNorm2d(3);
    assertArrayEquals(new float[] {1, 1, 1}, bn.weight().toArray());
    assertArrayEquals(new float[] {0, 0, 0}, bn.bias().toArray());
    assertArrayEquals(new float[] {0, 0, 0}, bn.runningMean().toArray());
    assertArrayEquals(new float[] {1, 1, 1}, bn.runningVar().toArray());
    assertEquals(0f, bn.numBatchesTracked().item());
    assertFalse(bn.runningMean().requiresGrad());
  }

  @Test
  void badConstructorArgumentsNameTheLayer() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Conv2d.builder(3, 4, 3).groups(2).build());
    assertTrue(e.getMessage().startsWith("Conv2d:") && e.getMessage().contains("groups 2"));
    e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
    assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 2, 2));
    assertTrue(e.getMessage().startsWith("MaxPool2d:"), e.getMessage());
  }
}
