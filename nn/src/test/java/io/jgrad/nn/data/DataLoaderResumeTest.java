package io.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.params.Interpolation;
import io.jgrad.nn.data.transforms.Compose;
import io.jgrad.nn.data.transforms.Normalize;
import io.jgrad.nn.data.transforms.RandomCrop;
import io.jgrad.nn.data.transforms.RandomRotation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DataLoader#epoch(int, int)}: starting an epoch at batch k gives exactly the tail of the
 * full pass (what a resumed training run relies on), the iterator reports where it is, errors name
 * the batch's positions, and the workers end with the loader.
 */
class DataLoaderResumeTest {
  private static DataLoader augmented(int workers, int prefetch) {
    return DataLoader.builder(DataLoaderTest.dataset(50))
        .batchSize(5)
        .shuffle(true)
        .seed(77)
        .transform(
            new Compose(
                new RandomCrop(4, 1),
                new RandomRotation(20, Interpolation.BILINEAR, 0f),
                new Normalize(3f, 7f)))
        .workers(workers)
        .prefetch(prefetch)
        .build();
  }

  /** The images of every batch from {@code start} on, with the indices the iterator reported. */
  private static List<float[]> drain(DataLoader loader, int epoch, int start) {
    List<float[]> out = new ArrayList<>();
    try (BatchIterator it = loader.epoch(epoch, start)) {
      assertEquals(start, it.startBatch());
      int k = start;
      while (it.hasNext()) {
        assertEquals(k, it.nextBatchIndex());
        try (Batch b = it.next()) {
          assertEquals(k, b.index());
          out.add(b.images().toArray());
        }
        k++;
      }
      assertEquals(loader.numBatches(), k);
    }
    return out;
  }

  @Test
  void startingAtBatchKGivesTheTailOfTheEpochForAnyWorkerCount() {
    try (DataLoader one = augmented(1, 1);
        DataLoader three = augmented(3, 4)) {
      List<float[]> full = drain(one, 4, 0);
      assertEquals(10, full.size());
      for (int k : new int[] {0, 1, 7, 9, 10}) {
        List<float[]> tail = drain(three, 4, k);
        assertEquals(full.size() - k, tail.size());
        for (int i = 0; i < tail.size(); i++) {
          assertArrayEquals(full.get(k + i), tail.get(i), "batch " + (k + i) + " from " + k);
        }
      }
      try (Batch b = one.batch(4, 7)) {
        assertArrayEquals(full.get(7), b.images().toArray(), "synchronous batch 7");
      }
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> one.epoch(4, 11));
      assertTrue(e.getMessage().contains("startBatch must be in [0, 10], got 11"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> one.epoch(4, -1));
    }
  }

  @Test
  void aWorkerFailureNamesTheBatchPositionsAndIndices() {
    IllegalStateException boom = new IllegalStateException("boom");
    try (DataLoader loader =
            DataLoader.builder(DataLoaderTest.dataset(30))
                .batchSize(10)
                .transform(
                    (img, gen) -> {
                      if (img.toArray()[0] == 1500f) {
                        throw boom;
                      }
                      return img;
                    })
                .build();
        BatchIterator it = loader.epoch(0, 1)) {
      DataLoaderException e = assertThrows(DataLoaderException.class, it::next);
      assertEquals(boom, e.getCause());
      assertTrue(e.getMessage().contains("batch 1 of epoch 0"), e.getMessage());
      assertTrue(e.getMessage().contains("positions 10..19"), e.getMessage());
      assertTrue(e.getMessage().contains("dataset indices 10, ..."), e.getMessage());
      assertFalse(it.hasNext(), "a failed iterator is closed");
    }
  }

  @Test
  void workersStartOnUseAndEndWithTheLoader() {
    DataLoader loader = augmented(3, 4);
    BatchIterator it = loader.epoch(0);
    it.next().close();
    String prefix = loader.threadNamePrefix();
    assertTrue(liveThreads(prefix) > 0, "workers were started");
    loader.close();
    assertEquals(0, liveThreads(prefix), "no worker outlives close()");
    loader.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> loader.epoch(1, 0));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  private static long liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .count();
  }
}
