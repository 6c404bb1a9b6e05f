package io.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.nn.data.transforms.Compose;
import io.jgrad.nn.data.transforms.RandomCrop;
import io.jgrad.nn.data.transforms.RandomRotation;
import io.jgrad.nn.data.transforms.Transform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
  /** n images [1, 4, 4]; image i holds i*100 + pixel index; label i % 3. */
  static TensorDataset dataset(int n) {
    float[] data = new float[n * 16];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      for (int p = 0; p < 16; p++) {
        data[i * 16 + p] = i * 100 + p;
      }
    }
    return new TensorDataset(data, Shape.of(n, 1, 4, 4), labels);
  }

  /** Every batch of one epoch: images, labels and indices, flattened per batch. */
  static List<float[]> drain(DataLoader loader, int epoch, List<int[]> indices) {
    List<float[]> out = new ArrayList<>();
    try (BatchIterator it = loader.epoch(epoch)) {
      while (it.hasNext()) {
        try (Batch b = it.next()) {
          out.add(b.images().toArray());
          indices.add(b.indices());
          for (int i = 0; i < b.size(); i++) {
            assertEquals(b.indices()[i] % 3, b.labels()[i], "label of index " + b.indices()[i]);
          }
        }
      }
    }
    return out;
  }

  @Test
  void withoutShuffleBatchesFollowIndexOrderAndTheLastIsShort() {
    TensorDataset ds = dataset(10);
    try (DataLoader loader = DataLoader.builder(ds).batchSize(4).build()) {
      assertEquals(3, loader.numBatches());
      List<int[]> idx = new ArrayList<>();
      List<float[]> images = drain(loader, 0, idx);
      assertArrayEquals(new int[] {0, 1, 2, 3}, idx.get(0));
      assertArrayEquals(new int[] {8, 9}, idx.get(2));
      assertEquals(2 * 16, images.get(2).length);
      assertEquals(8 * 100 + 5, images.get(2)[5]);
      assertEquals(9 * 100 + 15, images.get(2)[31]);
    }
  }

  @Test
  void dropLastDropsOnlyTheIncompleteBatch() {
    try (DataLoader loader = DataLoader.builder(dataset(10)).batchSize(4).dropLast(true).build()) {
      assertEquals(2, loader.numBatches());
      List<int[]> idx = new ArrayList<>();
      drain(loader, 0, idx);
      assertEquals(2, idx.size());
      assertArrayEquals(new int[] {4, 5, 6, 7}, idx.get(1));
    }
    try (DataLoader exact = DataLoader.builder(dataset(8)).batchSize(4).dropLast(true).build()) {
      assertEquals(2, exact.numBatches());
    }
  }

  @Test
  void shuffleIsASeededPermutationThatChangesEveryEpoch() {
    DataLoader a = DataLoader.builder(dataset(50)).shuffle(true).seed(7).build();
    DataLoader b = DataLoader.builder(dataset(50)).shuffle(true).seed(7).build();
    DataLoader c = DataLoader.builder(dataset(50)).shuffle(true).seed(8).build();
    int[] e0 = a.epochOrder(0);
    assertArrayEquals(e0, b.epochOrder(0));
    assertArrayEquals(a.epochOrder(3), b.epochOrder(3));
    assertFalse(Arrays.equals(e0, a.epochOrder(1)), "epoch 1 reshuffles");
    assertFalse(Arrays.equals(e0, c.epochOrder(0)), "another seed, another order");
    int[] sorted = e0.clone();
    Arrays.sort(sorted);
    assertArrayEquals(LoaderSeeds.identity(50), sorted, "a permutation of 0..49");
    assertFalse(Arrays.equals(e0, LoaderSeeds.identity(50)));
    List<int[]> idx = new ArrayList<>();
    try (DataLoader loader =
        DataLoader.builder(dataset(50)).batchSize(16).shuffle(true).seed(7).build()) {
      drain(loader, 0, idx);
    }
    int[] visited = idx.stream().flatMapToInt(Arrays::stream).toArray();
    assertArrayEquals(e0, visited, "batches visit the epoch order");
    a.close();
    b.close();
    c.close();
  }

  @Test
  void generatorSeedsTheLoaderWithItsNextDraw() {
    long seed = new Generator(5).nextLong();
    try (DataLoader viaGen =
            DataLoader.builder(dataset(20)).shuffle(true).generator(new Generator(5)).build();
        DataLoader viaSeed = DataLoader.builder(dataset(20)).shuffle(true).seed(seed).build()) {
      assertArrayEquals(viaSeed.epochOrder(2), viaGen.epochOrder(2));
    }
  }

  static Transform randomAugment() {
    return new Compose(new RandomCrop(4, 2), new RandomRotation(30));
  }

  @Test
  void batchesAreTheSameForAnyWorkerCountAndOnTheCallingThread() {
    TensorDataset ds = dataset(37);
    List<List<float[]>> runs = new ArrayList<>();
    List<int[]> firstIdx = null;
    for (int workers : new int[] {1, 2, 4}) {
      try (DataLoader loader =
          DataLoader.builder(ds)
              .batchSize(5)
              .shuffle(true)
              .seed(11)
              .transform(randomAugment())
              .workers(workers)
              .prefetch(3)
              .build()) {
        List<int[]> idx = new ArrayList<>();
        runs.add(drain(loader, 2, idx));
        if (firstIdx == null) {
          firstIdx = idx;
          try (Batch b = loader.batch(2, 4)) {
            assertArrayEquals(runs.get(0).get(4), b.images().toArray(), "calling-thread batch");
          }
        } else {
          for (int k = 0; k < idx.size(); k++) {
            assertArrayEquals(firstIdx.get(k), idx.get(k), "indices of batch " + k);
          }
        }
      }
    }
    for (int r = 1; r < runs.size(); r++) {
      assertEquals(runs.get(0).size(), runs.get(r).size());
      for (int k = 0; k < runs.get(0).size(); k++) {
        assertArrayEquals(runs.get(0).get(k), runs.get(r).get(k), "run " + r + " batch " + k);
      }
    }
    // the transform did something, and differently per epoch
    try (DataLoader loader =
        DataLoader.builder(ds).batchSize(5).seed(11).transform(randomAugment()).build()) {
      try (Batch e0 = loader.batch(0, 0);
          Batch e1 = loader.batch(1, 0);
          Batch plain = DataLoader.builder(ds).batchSize(5).build().batch(0, 0)) {
        assertFalse(Arrays.equals(plain.images().toArray(), e0.images().toArray()));
        assertFalse(Arrays.equals(e0.images().toArray(), e1.images().toArray()));
      }
    }
  }

  @Test
  void forEachStartsTheNextEpochEachTime() {
    try (DataLoader loader =
        DataLoader.builder(dataset(12)).batchSize(4).shuffle(true).seed(3).build()) {
      List<Integer> epochs = new ArrayList<>();
      List<Integer> seen = new ArrayList<>();
      for (int pass = 0; pass < 2; pass++) {
        for (Batch b : loader) {
          epochs.add(b.epoch());
          Arrays.stream(b.indices()).forEach(seen::add);
          b.close();
        }
      }
      assertEquals(List.of(0, 0, 0, 1, 1, 1), epochs);
      int[] expected = new int[24];
      System.arraycopy(loader.epochOrder(0), 0, expected, 0, 12);
      System.arraycopy(loader.epochOrder(1), 0, expected, 12, 12);
      assertArrayEquals(expected, seen.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  @Test
  void aFailingSampleIsReportedWithItsBatchAndCause() {
    Dataset broken =
        new Dataset() {
          @Override
          public int size() {
            return 8;
          }

          @Override
          public Sample get(int index) {
            if (index == 6) {
              throw new IllegalStateException("sample 6 is corrupt");
            }
            return dataset(8).get(index);
          }
        };
    try (DataLoader loader = DataLoader.builder(broken).batchSize(4).workers(2).build();
        BatchIterator it = loader.epoch(0)) {
      it.next().close();
      DataLoaderException e = assertThrows(DataLoaderException.class, it::next);
      assertTrue(e.getMessage().contains("batch 1 of epoch 0"), e.getMessage());
      assertTrue(e.getMessage().contains("sample 6 is corrupt"), e.getMessage());
      assertFalse(it.hasNext(), "the iterator closed itself");
    }
  }

  @Test
  void samplesOfDifferentShapesInOneBatchAreAClearError() {
    Transform growOdd =
        (img, gen) ->
            new RandomCrop(4, img.toArray()[0] % 200 == 100 ? 5 : 4, 0, 0f).crop(img, 0, 0);
    try (DataLoader loader =
        DataLoader.builder(dataset(4)).batchSize(4).transform(growOdd).build()) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> loader.batch(0, 0));
      assertTrue(e.getMessage().contains("dataset index 1 gave [1, 4, 5]"), e.getMessage());
    }
  }

  @Test
  void batchesReachAnotherDeviceThroughItsUploaderWithTheSameValues() {
    TensorDataset ds = dataset(23);
    List<float[]> cpu;
    try (DataLoader loader =
        DataLoader.builder(ds)
            .batchSize(4)
            .shuffle(true)
            .seed(5)
            .transform(randomAugment())
            .build()) {
      cpu = drain(loader, 1, new ArrayList<>());
    }
    try (DataLoader loader =
            DataLoader.builder(ds)
                .batchSize(4)
                .shuffle(true)
                .seed(5)
                .transform(randomAugment())
                .device(Device.REFERENCE)
                .workers(3)
                .prefetch(4)
                .build();
        BatchIterator it = loader.epoch(1)) {
      int k = 0;
      while (it.hasNext()) {
        try (Batch b = it.next()) {
          assertEquals(Device.REFERENCE, b.images().device(), "batch " + k);
          assertEquals(k, b.index());
          assertArrayEquals(cpu.get(k), b.images().toArray(), "batch " + k);
        }
        k++;
      }
      assertEquals(cpu.size(), k);
    }
  }

  @Test
  void closeEndsTheWorkerThreadsAndBadSettingsAreRejected() {
    DataLoader loader = DataLoader.builder(dataset(30)).batchSize(2).workers(3).build();
    String prefix = loader.threadNamePrefix();
    try (BatchIterator it = loader.epoch(0)) {
      it.next().close();
    }
    loader.close();
    boolean alive =
        Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
    assertFalse(alive, "worker threads ended");
    assertThrows(IllegalStateException.class, () -> loader.epoch(1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DataLoader.builder(dataset(3)).batchSize(0));
    assertEquals("DataLoader: batchSize must be >= 1, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(null));
    assertNotEquals(0, LoaderSeeds.batchSeed(0, 0, 0));
  }
}
