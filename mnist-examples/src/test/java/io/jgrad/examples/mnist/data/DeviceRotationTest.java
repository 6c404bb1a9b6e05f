package io.jgrad.examples.mnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jgrad.Device;
import io.jgrad.examples.mnist.testing.MnistCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link DataLoader.Builder#rotateOnDevice}: the workers only draw the angles and the rotation and
 * normalization run through the engine's kernels at hand-over. On the CPU the kernels round as the
 * host code does, so the batches must equal the host-rotated ones bit for bit (the GPU path uses
 * the same kernels' CUDA twins, checked against the CPU in engine-cuda).
 */
class DeviceRotationTest {
  private static MnistDataset small;

  @BeforeAll
  static void load() throws Exception {
    small = MnistDataset.load(MnistCache.dir(), false).limit(150);
  }

  private static List<float[]> epoch(boolean onDevice, Interpolation interp, float fill) {
    List<float[]> out = new ArrayList<>();
    try (DataLoader loader =
            DataLoader.builder(small)
                .batchSize(64)
                .shuffle(true)
                .seed(11)
                .augment(new RandomRotation(30, interp, fill))
                .rotateOnDevice(onDevice)
                .device(Device.CPU)
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

  @ParameterizedTest
  @EnumSource(Interpolation.class)
  void deviceRotationGivesTheHostBatches(Interpolation interp) {
    List<float[]> host = epoch(false, interp, 1f);
    List<float[]> device = epoch(true, interp, 1f);
    assertEquals(3, host.size());
    assertEquals(host.size(), device.size());
    for (int k = 0; k < host.size(); k++) {
      assertArrayEquals(host.get(k), device.get(k), interp + " batch " + k);
    }
    // The rotation really happened: the unrotated batch differs.
    try (DataLoader plain = DataLoader.builder(small).batchSize(64).shuffle(true).seed(11).build();
        BatchIterator it = plain.epoch(1);
        Batch b = it.next()) {
      assertFalse(Arrays.equals(host.get(0), b.images().toArray()));
    }
  }
}
