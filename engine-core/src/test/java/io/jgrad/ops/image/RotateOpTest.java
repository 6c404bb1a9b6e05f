package io.jgrad.ops.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.params.Interpolation;
import io.jgrad.functional.Functional;
import org.junit.jupiter.api.Test;

/** {@link Functional#rotate} as users see it: no gradient, clear errors. */
class RotateOpTest {
  private static Tensor image() {
    float[] pixels = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    return Tensors.fromArray(pixels, Shape.of(1, 1, 3, 3), Device.CPU);
  }

  @Test
  void inputThatNeedsAGradientIsRejected() {
    Tensor x = image().requiresGrad(true);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Functional.rotate(x, new double[] {90}, Interpolation.NEAREST, null));
    assertTrue(e.getMessage().startsWith("rotate: is not differentiable"), e.getMessage());
    assertTrue(e.getMessage().contains("[1, 1, 3, 3]"), e.getMessage());
  }

  @Test
  @SuppressWarnings("try") // the no-grad scope is used only for its close()
  void underNoGradOrDetachedItRotatesWithoutHistory() {
    Tensor x = image().requiresGrad(true);
    float[] expected = {3, 6, 9, 2, 5, 8, 1, 4, 7};
    try (GradMode.Scope s = GradMode.noGrad()) {
      Tensor y = Functional.rotate(x, new double[] {90}, Interpolation.BILINEAR, new float[] {0});
      assertArrayEquals(expected, y.toArray());
      assertFalse(y.requiresGrad());
    }
    Tensor y = Functional.rotate(x.detach(), new double[] {90}, Interpolation.NEAREST, null);
    assertArrayEquals(expected, y.toArray());
    assertFalse(y.requiresGrad());
    assertTrue(y.isLeaf());
  }

  @Test
  void wrongRankIsRejected() {
    Tensor flat = Tensors.fromArray(new float[9], Shape.of(1, 3, 3), Device.CPU);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Functional.rotate(flat, new double[] {1}, Interpolation.NEAREST, null));
    assertTrue(e.getMessage().startsWith("rotate: images"), e.getMessage());
  }
}
