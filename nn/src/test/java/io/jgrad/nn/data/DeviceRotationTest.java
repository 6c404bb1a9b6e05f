package io.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link DataLoader.Builder#rotateOnDevice}: the workers only draw the angles, and the rotation and
 * normalization run through the engine's kernels at hand-over. On the CPU the kernels round as the
 * host transforms do, so the batches must equal the host-built ones bit for bit (the GPU path uses
 * the same kernels' CUDA twins, checked against the CPU in engine-cuda).
 */
class DeviceRotationTest {
  /** 40 random images [c, 9, 11] in [0, 1] (non-square, to catch a swapped centre). */
  private static TensorDataset images(int c) {
    Generator g = new Generator(5);
    float[] x = new float[40 * c * 99];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) g.nextDouble();
    }
    return new TensorDataset(x, Shape.of(40, c, 9, 11), new int[40]);
  }

  private static List<float[]> epoch(TensorDataset ds, Transform t, boolean onDevice) {
    List<float[]> out = new ArrayList<>();
    try (DataLoader loader =
            DataLoader.builder(ds)
                .batchSize(16)
                .shuffle(true)
                .seed(11)
                .transform(t)
                .rotateOnDevice(onDevice)
                .device(Device.CPU)
                .workers(2)
                .build();
        BatchIterator it = loader.epoch(1)) {
      while (it.hasNext()) {
        try (Batch b = it.next()) {
          out.add(b.images().toArray());
        }
      }
    }
    return out;
  }

  private static void assertSameEpoch(TensorDataset ds, Transform t, String what) {
    List<float[]> host = epoch(ds, t, false);
    List<float[]> device = epoch(ds, t, true);
    assertEquals(3, host.size());
    assertEquals(host.size(), device.size());
    for (int k = 0; k < host.size(); k++) {
      assertArrayEquals(host.get(k), device.get(k), what + " batch " + k);
    }
  }

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void deviceRotationGivesTheHostBatches(Interpolation interp) {
    TensorDataset gray = images(1);
    RandomRotation rot = new RandomRotation(30, interp, 1f);
    Normalize norm = new Normalize(0.1307f, 0.3081f);
    assertSameEpoch(gray, rot, interp + " rotation alone");
    assertSameEpoch(gray, new Compose(rot, norm), interp + " rotation, normalize");
    RandomRotation rgbRot = new RandomRotation(-10, 40, interp, new float[] {1f, 0f, 0.5f});
    Normalize rgbNorm = new Normalize(new float[] {0.4f, 0.5f, 0.6f}, new float[] {0.2f, 2f, 1f});
    assertSameEpoch(
        images(3),
        new Compose(new RandomCrop(9, 11, 2, 0.25f), rgbRot, rgbNorm),
        interp + " crop on the workers, rotation and per-channel normalize on the device");
    // The rotation really happened: the unrotated batches differ.
    assertFalse(
        Arrays.equals(
            epoch(gray, norm, true).get(0), epoch(gray, new Compose(rot, norm), true).get(0)));
  }

  @Test
  void onlyAFinalRotationAndANormalizeAfterItMoveToTheDevice() {
    RandomCrop crop = new RandomCrop(4, 1);
    RandomRotation rot = new RandomRotation(10);
    Normalize norm = new Normalize(1f, 2f);
    DeviceRotation.Split s = DeviceRotation.split(new Compose(crop, rot, norm));
    assertSame(crop, s.host());
    assertSame(rot, s.device().rotation());
    assertNull(DeviceRotation.split(rot).host());
    Compose rotThenCrop = new Compose(rot, crop);
    assertSame(rotThenCrop, DeviceRotation.split(rotThenCrop).host());
    assertNull(DeviceRotation.split(rotThenCrop).device());
    assertNull(DeviceRotation.split(norm).device());
    assertNull(DeviceRotation.split(null).device());
    Compose two = (Compose) DeviceRotation.split(new Compose(norm, crop, rot)).host();
    assertEquals(List.of(norm, crop), two.transforms());
  }
}
