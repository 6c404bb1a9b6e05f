package io.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import org.junit.jupiter.api.Test;

class TensorDatasetTest {
  @Test
  void getReturnsACopyOfOneImageWithItsLabel() {
    Tensor images = Tensors.arange(12).reshape(3, 1, 2, 2);
    TensorDataset ds = new TensorDataset(images, new int[] {7, 8, 9});
    assertEquals(3, ds.size());
    assertEquals(Shape.of(1, 2, 2), ds.imageShape());
    try (Sample s = ds.get(1)) {
      assertEquals(8, s.label());
      assertArrayEquals(new float[] {4, 5, 6, 7}, s.image().toArray());
    }
    try (Sample again = ds.get(1)) {
      assertArrayEquals(new float[] {4, 5, 6, 7}, again.image().toArray(), "closing a sample");
    }
    images.close();
    try (Sample after = ds.get(2)) {
      assertArrayEquals(new float[] {8, 9, 10, 11}, after.image().toArray(), "holds its own copy");
    }
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> ds.get(3));
    assertEquals("TensorDataset.get: index must be in [0, 3), got 3", e.getMessage());
  }

  @Test
  void labelsAndShapesAreChecked() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TensorDataset(new float[8], Shape.of(2, 1, 2, 2), new int[] {1}));
    assertTrue(e.getMessage().contains("labels of length 1"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new TensorDataset(new float[8], Shape.of(2, 4), new int[] {1, 2}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TensorDataset(new float[7], Shape.of(2, 1, 2, 2), new int[] {1, 2}));
  }
}
