package io.jgrad.examples.mnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.params.Interpolation;
import io.jgrad.examples.mnist.testing.MnistCache;
import io.jgrad.nn.data.Batch;
import io.jgrad.nn.data.BatchIterator;
import io.jgrad.nn.data.DataLoader;
import io.jgrad.nn.data.DataLoaderException;
import io.jgrad.nn.data.LoaderSeeds;
import io.jgrad.nn.data.transforms.RandomRotation;
import io.jgrad.nn.data.transforms.Transform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MNIST through nn.data's {@link DataLoader} as the trainer builds it ({@link
 * MnistDataset#loader()}, {@link MnistDataset#transform}): every image once per epoch, ToTensor
 * then the augmentations then the MNIST normalization, content independent of the worker count and
 * of where an epoch starts.
 */
class MnistLoaderTest {
  private static MnistDataset test;
  private static MnistDataset small;

  @BeforeAll
  static void load() throws Exception {
    test = MnistDataset.load(MnistCache.dir(), false);
    small = test.limit(103);
  }

  /** What one batch held, copied to the host. */
  record Seen(int index, float[] pixels, int[] labels, int[] indices) {}

  private static List<Seen> drain(BatchIterator it) {
    List<Seen> out = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        try (Batch b = it.next()) {
          int[] shape = b.images().shape().dims();
          assertArrayEquals(
              new int[] {b.size(), 1, 28, 28}, shape, "batch " + b.index() + " shape");
          assertEquals(Device.CPU, b.images().device());
          out.add(new Seen(b.index(), b.images().toArray(), b.labels(), b.indices()));
        }
      }
    }
    return out;
  }

  private static void assertSameBatches(List<Seen> a, List<Seen> b) {
    assertEquals(a.size(), b.size(), "number of batches");
    for (int k = 0; k < a.size(); k++) {
      assertEquals(a.get(k).index(), b.get(k).index());
      assertArrayEquals(a.get(k).indices(), b.get(k).indices(), "indices of batch " + k);
      assertArrayEquals(a.get(k).labels(), b.get(k).labels(), "labels of batch " + k);
      assertArrayEquals(a.get(k).pixels(), b.get(k).pixels(), "pixels of batch " + k);
    }
  }

  /** The image of dataset index {@code i} with ToTensor and MNIST normalization only. */
  private static float[] plain(int i) {
    return normalized(test.image(i));
  }

  /** {@code x} normalized with the MNIST mean and std, computed here. */
  private static float[] normalized(float[] x) {
    for (int k = 0; k < x.length; k++) {
      x[k] = (x[k] - 0.1307f) / 0.3081f;
    }
    return x;
  }

  /** {@code x} ([1, 28, 28]) rotated by {@code rr}'s rule by {@code angle} degrees. */
  private static float[] rotated(RandomRotation rr, float[] x, double angle) {
    try (Tensor t = Tensors.fromArray(x, Shape.of(1, 28, 28), Device.CPU);
        Tensor r = rr.rotate(t, angle)) {
      return r.toArray();
    }
  }

  @Test
  void everyImageOncePerEpochWithoutDropLast() {
    try (DataLoader loader = small.loader().batchSize(10).shuffle(true).seed(3).build()) {
      assertEquals(11, loader.numBatches());
      List<Seen> seen = drain(loader.epoch(0));
      assertEquals(11, seen.size());
      assertEquals(3, seen.get(10).labels().length, "the last batch holds the 3 left over");
      int[] count = new int[small.size()];
      for (Seen s : seen) {
        for (int b = 0; b < s.indices().length; b++) {
          int i = s.indices()[b];
          count[i]++;
          assertEquals(small.label(i), s.labels()[b]);
          float[] img = Arrays.copyOfRange(s.pixels(), b * 784, (b + 1) * 784);
          assertArrayEquals(plain(i), img, "image " + i + " (ToTensor + Normalize)");
        }
      }
      for (int i = 0; i < count.length; i++) {
        assertEquals(1, count[i], "image " + i + " seen once");
      }
    }
  }

  @Test
  void dropLastSkipsTheIncompleteBatch() {
    try (DataLoader loader =
        small.loader().batchSize(10).shuffle(true).seed(3).dropLast(true).build()) {
      assertEquals(10, loader.numBatches());
      List<Seen> seen = drain(loader.epoch(2));
      boolean[] hit = new boolean[small.size()];
      for (Seen s : seen) {
        assertEquals(10, s.indices().length);
        for (int i : s.indices()) {
          assertFalse(hit[i], "image " + i + " twice");
          hit[i] = true;
        }
      }
      int[] order = loader.epochOrder(2);
      for (int p = 0; p < order.length; p++) {
        assertEquals(p < 100, hit[order[p]], "position " + p + " of the order");
      }
    }
  }

  @Test
  void ordersArePermutationsThatChangePerEpochAndRepeatPerSeed() {
    try (DataLoader a = test.loader().shuffle(true).seed(11).build();
        DataLoader b = test.loader().shuffle(true).seed(11).build();
        DataLoader c = test.loader().shuffle(true).seed(12).build();
        DataLoader plain = test.loader().build()) {
      int[] e0 = a.epochOrder(0);
      int[] sorted = e0.clone();
      Arrays.sort(sorted);
      assertArrayEquals(LoaderSeeds.identity(test.size()), sorted, "a permutation");
      assertArrayEquals(e0, b.epochOrder(0), "same seed, same epoch, same order");
      assertFalse(Arrays.equals(e0, a.epochOrder(1)), "another epoch reshuffles");
      assertFalse(Arrays.equals(e0, c.epochOrder(0)), "another seed reshuffles");
      assertFalse(Arrays.equals(e0, LoaderSeeds.identity(test.size())), "shuffled at all");
      assertArrayEquals(LoaderSeeds.identity(test.size()), plain.epochOrder(5), "no shuffle");
      try (BatchIterator it = a.epoch(1)) {
        assertArrayEquals(a.epochOrder(1), it.order(), "the iterator exposes the order");
      }
    }
  }

  private static DataLoader augmented(MnistDataset ds, int workers, int prefetch) {
    return ds.loader()
        .batchSize(32)
        .shuffle(true)
        .seed(77)
        .transform(MnistDataset.transform(new RandomRotation(20, Interpolation.BILINEAR, 0f)))
        .workers(workers)
        .prefetch(prefetch)
        .build();
  }

  @Test
  void contentIsIndependentOfWorkerCount() {
    MnistDataset ds = test.limit(300);
    try (DataLoader one = augmented(ds, 1, 1);
        DataLoader three = augmented(ds, 3, 5)) {
      for (int epoch = 0; epoch < 2; epoch++) {
        assertSameBatches(drain(one.epoch(epoch)), drain(three.epoch(epoch)));
      }
      assertFalse(
          Arrays.equals(drain(one.epoch(0)).get(0).indices(), drain(one.epoch(1)).get(0).indices()),
          "epochs differ");
    }
  }

  @Test
  void startingAtBatchKGivesTheTailOfTheEpoch() {
    MnistDataset ds = test.limit(300);
    try (DataLoader loader = augmented(ds, 2, 3)) {
      List<Seen> full = drain(loader.epoch(4));
      assertEquals(10, full.size());
      for (int k : new int[] {0, 1, 7, 9, 10}) {
        assertSameBatches(full.subList(k, full.size()), drain(loader.epoch(4, k)));
      }
      try (Batch b = loader.batch(4, 7)) {
        assertArrayEquals(full.get(7).pixels(), b.images().toArray(), "synchronous batch 7");
      }
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> loader.epoch(4, 11));
      assertTrue(e.getMessage().contains("startBatch must be in [0, 10], got 11"), e.getMessage());
    }
  }

  @Test
  void rotationIsAppliedOnlyWhenEnabled() {
    MnistDataset ds = test.limit(64);
    RandomRotation rr = new RandomRotation(25, Interpolation.NEAREST, 0f);
    long seed = 5;
    try (DataLoader plainLoader = ds.loader().batchSize(16).seed(seed).build();
        DataLoader rotLoader =
            ds.loader().batchSize(16).seed(seed).transform(MnistDataset.transform(rr)).build()) {
      List<Seen> plainBatches = drain(plainLoader.epoch(1));
      List<Seen> rotBatches = drain(rotLoader.epoch(1));
      int changed = 0;
      for (int k = 0; k < plainBatches.size(); k++) {
        Generator g = new Generator(LoaderSeeds.batchSeed(seed, 1, k));
        for (int b = 0; b < 16; b++) {
          int i = k * 16 + b;
          float[] plain = Arrays.copyOfRange(plainBatches.get(k).pixels(), b * 784, b * 784 + 784);
          float[] rot = Arrays.copyOfRange(rotBatches.get(k).pixels(), b * 784, b * 784 + 784);
          assertArrayEquals(plain(i), plain, "no augmentation: image " + i + " untouched");
          float[] expected = normalized(rotated(rr, ds.image(i), rr.sampleAngle(g)));
          assertArrayEquals(expected, rot, "image " + i + " rotated by its drawn angle");
          if (!Arrays.equals(plain, rot)) {
            changed++;
          }
        }
      }
      assertTrue(changed > 48, "most images change under rotation, got " + changed + " of 64");
    }
  }

  @Test
  void normalizeGivesZeroMeanUnitStdOnATenThousandImageSubset() throws Exception {
    MnistDataset ds = MnistDataset.load(MnistCache.dir(), true).limit(10000);
    // Statistics of the raw [0, 1] pixels, computed here.
    double s = 0;
    double ss = 0;
    long n = (long) ds.size() * 784;
    for (int i = 0; i < ds.size(); i++) {
      for (float v : ds.image(i)) {
        s += v;
        ss += (double) v * v;
      }
    }
    double rawMean = s / n;
    double rawStd = Math.sqrt(ss / n - rawMean * rawMean);
    double sum = 0;
    double sumSq = 0;
    long count = 0;
    try (DataLoader loader = ds.loader().batchSize(1000).shuffle(true).build()) {
      for (Seen b : drain(loader.epoch(0))) {
        for (float v : b.pixels()) {
          sum += v;
          sumSq += (double) v * v;
          count++;
        }
      }
    }
    assertEquals(n, count);
    double mean = sum / count;
    double std = Math.sqrt(sumSq / count - mean * mean);
    assertEquals((rawMean - 0.1307) / 0.3081, mean, 1e-4);
    assertEquals(rawStd / 0.3081, std, 1e-4);
    assertEquals(0.0, mean, 0.02, "normalized mean");
    assertEquals(1.0, std, 0.02, "normalized std");
  }

  @Test
  void workerFailuresReachTheConsumerWithContext() {
    IllegalStateException boom = new IllegalStateException("boom");
    AtomicInteger calls = new AtomicInteger();
    // One worker builds the batches in order, so call 21 is the first image of batch 2.
    Transform failing =
        (image, gen) -> {
          if (calls.incrementAndGet() == 21) {
            throw boom;
          }
          return image;
        };
    try (DataLoader loader =
        small
            .loader()
            .batchSize(10)
            .transform(MnistDataset.transform(failing))
            .workers(1)
            .build()) {
      BatchIterator it = loader.epoch(0);
      it.next().close();
      it.next().close();
      DataLoaderException e = assertThrows(DataLoaderException.class, it::next);
      assertSame(boom, e.getCause());
      assertTrue(e.getMessage().contains("batch 2 of epoch 0"), e.getMessage());
      assertTrue(e.getMessage().contains("dataset indices 20"), e.getMessage());
      assertTrue(e.getMessage().contains("boom"), e.getMessage());
      assertFalse(it.hasNext(), "a failed iterator is closed");
    }
  }
}
