package io.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.params.Interpolation;
import io.jgrad.nn.data.transforms.Compose;
import io.jgrad.nn.data.transforms.Normalize;
import io.jgrad.nn.data.transforms.RandomCrop;
import io.jgrad.nn.data.transforms.RandomRotation;
import io.jgrad.nn.data.transforms.Transform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loader's in-place path (images copied straight into the batch and transformed there) gives
 * the same batches as the per-sample tensor path, and each in-place transform the same floats and
 * draws as its {@code apply}.
 */
class InPlacePathTest {
  /** 30 random images [3, 7, 9] in [0, 1]. */
  private static TensorDataset random() {
    Generator g = new Generator(8);
    float[] x = new float[30 * 3 * 63];
    int[] labels = new int[30];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) g.nextDouble();
    }
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 4;
    }
    return new TensorDataset(x, Shape.of(30, 3, 7, 9), labels);
  }

  /** {@code ds} without its shape, so the loader must take the per-sample tensor path. */
  private static Dataset perSample(Dataset ds) {
    return new Dataset() {
      @Override
      public int size() {
        return ds.size();
      }

      @Override
      public Sample get(int index) {
        return ds.get(index);
      }
    };
  }

  private static Transform pipeline(Interpolation m) {
    return new Compose(
        new RandomRotation(-20, 35, m, new float[] {1f, 0f, 0.5f}),
        new Normalize(new float[] {0.4f, 0.5f, 0.6f}, new float[] {0.2f, 2f, 1f}));
  }

  private static List<Object> epoch(Dataset ds, Transform t, boolean onDevice) {
    List<Object> out = new ArrayList<>();
    try (DataLoader loader =
            DataLoader.builder(ds)
                .batchSize(8)
                .shuffle(true)
                .seed(4)
                .transform(t)
                .rotateOnDevice(onDevice)
                .workers(2)
                .build();
        BatchIterator it = loader.epoch(2)) {
      while (it.hasNext()) {
        try (Batch b = it.next()) {
          out.add(List.of(b.images().shape(), b.labels().clone(), b.images().toArray()));
        }
      }
    }
    return out;
  }

  private static void assertSameEpochs(List<Object> a, List<Object> b, String what) {
    assertEquals(a.size(), b.size(), what);
    for (int k = 0; k < a.size(); k++) {
      List<?> x = (List<?>) a.get(k);
      List<?> y = (List<?>) b.get(k);
      assertEquals(x.get(0), y.get(0), what + " shape of batch " + k);
      assertArrayEquals((int[]) x.get(1), (int[]) y.get(1), what + " labels of batch " + k);
      assertArrayEquals((float[]) x.get(2), (float[]) y.get(2), what + " images of batch " + k);
    }
  }

  @Test
  void theInPlacePathGivesThePerSampleBatches() {
    TensorDataset ds = random();
    for (Interpolation m : Interpolation.values()) {
      Transform t = pipeline(m);
      assertTrue(t.inPlace());
      assertSameEpochs(epoch(ds, t, false), epoch(perSample(ds), t, false), m + " on the host");
      assertSameEpochs(epoch(ds, t, true), epoch(perSample(ds), t, true), m + " on the device");
    }
    assertSameEpochs(epoch(ds, null, false), epoch(perSample(ds), null, false), "no transform");
    assertNull(perSample(ds).imageShape());
  }

  @Test
  void inPlaceTransformsMatchTheirApply() {
    Tensor x = Tensors.fromArray(random().get(3).image().toArray(), 3, 7, 9);
    float[] buf = new float[5 + 189];
    for (Interpolation m : Interpolation.values()) {
      Transform t = pipeline(m);
      Generator g1 = new Generator(21);
      Generator g2 = new Generator(21);
      float[] expected = t.apply(x, g1).toArray();
      System.arraycopy(x.toArray(), 0, buf, 5, 189);
      buf[0] = -7f;
      t.applyInPlace(buf, 5, 3, 7, 9, g2);
      assertArrayEquals(expected, Arrays.copyOfRange(buf, 5, 194), m.name());
      assertEquals(-7f, buf[0], "outside the image untouched");
      assertEquals(g1.nextLong(), g2.nextLong(), "the same draws");
    }
    RandomCrop crop = new RandomCrop(4, 1);
    assertFalse(crop.inPlace());
    assertFalse(new Compose(crop, new Normalize(0f, 1f)).inPlace());
    assertThrows(
        UnsupportedOperationException.class,
        () -> crop.applyInPlace(buf, 0, 1, 2, 2, new Generator(1)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Normalize(new float[] {1, 2}, new float[] {1, 1})
                    .applyInPlace(buf, 0, 3, 2, 2, null));
    assertTrue(e.getMessage().contains("[3, 2, 2]"), e.getMessage());
  }
}
