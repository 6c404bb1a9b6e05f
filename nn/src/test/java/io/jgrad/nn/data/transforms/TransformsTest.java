package io.jgrad.nn.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.params.Interpolation;
import io.jgrad.functional.Functional;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class TransformsTest {
  static Tensor image(int c, int h, int w) {
    float[] x = new float[c * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
    }
    return Tensors.fromArray(x, c, h, w);
  }

  @Test
  void normalizeSubtractsTheMeanAndDividesByTheStdPerChannel() {
    Tensor x = Tensors.fromArray(new float[] {0f, 0.5f, 1f, 0.25f}, 2, 1, 2);
    Tensor y = new Normalize(new float[] {0.5f, 0.25f}, new float[] {0.5f, 0.125f}).apply(x, null);
    assertArrayEquals(new float[] {-1f, 0f, 6f, 0f}, y.toArray());
    assertArrayEquals(new float[] {0f, 0.5f, 1f, 0.25f}, x.toArray(), "input untouched");
    float m = 0.1307f;
    float s = 0.3081f;
    assertEquals(
        (0.2f - m) / s,
        new Normalize(m, s).apply(Tensors.fromArray(new float[] {0.2f}, 1, 1, 1), null).item());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Normalize(new float[] {0, 0, 0}, new float[] {1, 1, 1}).apply(x, null));
    assertTrue(e.getMessage().contains("[2, 1, 2]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Normalize(0f, 0f));
  }

  @Test
  void randomCropPadsWithFillAndCutsAtTheDrawnCorner() {
    Tensor x = image(1, 3, 3); // 1 2 3 / 4 5 6 / 7 8 9
    RandomCrop crop = new RandomCrop(2, 2, 1, -1f);
    assertArrayEquals(new float[] {-1, -1, -1, 1}, crop.crop(x, -1, -1).toArray());
    assertArrayEquals(new float[] {5, 6, 8, 9}, crop.crop(x, 1, 1).toArray());
    assertArrayEquals(new float[] {6, -1, 9, -1}, crop.crop(x, 1, 2).toArray());
    for (long seed = 0; seed < 20; seed++) {
      Generator twin = new Generator(seed);
      int top = twin.nextInt(4) - 1; // padded 5x5, crop 2x2: 4 positions per axis
      int left = twin.nextInt(4) - 1;
      Tensor got = crop.apply(x, new Generator(seed));
      assertEquals(Shape.of(1, 2, 2), got.shape());
      assertArrayEquals(crop.crop(x, top, left).toArray(), got.toArray(), "seed " + seed);
    }
    Tensor rgb = image(3, 2, 2);
    assertArrayEquals(
        new float[] {4, 0, 8, 0, 12, 0}, new RandomCrop(1, 2, 0, 0f).crop(rgb, 1, 1).toArray());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new RandomCrop(8, 1).apply(x, new Generator(0)));
    assertTrue(e.getMessage().contains("larger than the padded image 5x5"), e.getMessage());
  }

  @Test
  void rotationBy90DegreesTurnsTheImageCounterClockwise() {
    Tensor x = image(1, 3, 3); // 1 2 3 / 4 5 6 / 7 8 9
    RandomRotation r = new RandomRotation(0, 0, Interpolation.NEAREST, new float[] {0f});
    assertArrayEquals(new float[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, r.rotate(x, 90).toArray());
    assertArrayEquals(x.toArray(), r.rotate(x, 0).toArray());
    assertArrayEquals(new float[] {9, 8, 7, 6, 5, 4, 3, 2, 1}, r.rotate(x, 180).toArray());
  }

  @Test
  void randomRotationDrawsOneAngleAndMatchesTheBackendKernel() {
    Tensor x = image(2, 5, 6);
    float[] fill = {0.5f, -2f};
    RandomRotation r = new RandomRotation(-40, 25, Interpolation.BILINEAR, fill);
    for (long seed = 0; seed < 5; seed++) {
      Generator twin = new Generator(seed);
      double angle = -40 + twin.nextDouble() * 65;
      Generator gen = new Generator(seed);
      float[] got = r.apply(x, gen).toArray();
      assertEquals(twin.nextLong(), gen.nextLong(), "exactly one draw");
      Tensor batch = x.reshape(1, 2, 5, 6); // a view of x: not closed here
      try (Tensor kernel =
          Functional.rotate(batch, new double[] {angle}, Interpolation.BILINEAR, fill)) {
        assertArrayEquals(kernel.toArray(), got, "seed " + seed);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new RandomRotation(-1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RandomRotation(0, 1, Interpolation.NEAREST, new float[] {1, 2, 3})
                    .rotate(x, 1));
    assertTrue(e.getMessage().contains("[2, 5, 6]"), e.getMessage());
  }

  @Test
  void composeAppliesInOrderFromOneGenerator() {
    Tensor x = image(1, 4, 4);
    RandomCrop crop = new RandomCrop(3, 1);
    RandomRotation rot = new RandomRotation(45);
    Normalize norm = new Normalize(2f, 4f);
    Generator twin = new Generator(9);
    Tensor expected = norm.apply(rot.apply(crop.apply(x, twin), twin), twin);
    Tensor got = new Compose(crop, rot, norm).apply(x, new Generator(9));
    assertArrayEquals(expected.toArray(), got.toArray());
    Tensor copy = new Compose().apply(x, null);
    assertArrayEquals(x.toArray(), copy.toArray());
    copy.close();
    assertEquals(16, x.toArray().length, "the input stays open");
    assertThrows(IllegalArgumentException.class, () -> new Compose(crop, null));
    assertThrows(IllegalArgumentException.class, () -> norm.apply(Tensors.ones(4, 4), null));
  }

  @Test
  void toTensorGivesOneChannelForGrayAndThreeForRgbInZeroToOne() {
    BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
    int[] v = {0, 51, 255, 17, 128, 200}; // row-major, width 3
    for (int i = 0; i < v.length; i++) {
      gray.getRaster().setSample(i % 3, i / 3, 0, v[i]);
    }
    Tensor g = ToTensor.apply(gray);
    assertEquals(Shape.of(1, 2, 3), g.shape());
    float[] expected = new float[6];
    for (int i = 0; i < 6; i++) {
      expected[i] = v[i] / 255f;
    }
    assertArrayEquals(expected, g.toArray());

    BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    rgb.setRGB(0, 0, 0x80FF3300);
    rgb.setRGB(1, 0, 0xFF0066CC);
    Tensor c = ToTensor.apply(rgb);
    assertEquals(Shape.of(3, 1, 2), c.shape());
    assertArrayEquals(new float[] {1f, 0f, 0x33 / 255f, 0x66 / 255f, 0f, 0xCC / 255f}, c.toArray());
  }
}
