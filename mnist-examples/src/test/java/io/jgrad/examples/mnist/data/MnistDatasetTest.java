package io.jgrad.examples.mnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.examples.mnist.testing.MnistCache;
import io.jgrad.nn.data.Sample;
import io.jgrad.nn.data.transforms.Compose;
import io.jgrad.nn.data.transforms.RandomRotation;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDatasetTest {
  @TempDir Path tmp;

  @Test
  void loadsTheSharedTestSplit() throws Exception {
    Path dir = MnistCache.dir();
    MnistDataset test = MnistDataset.load(dir, false);
    assertEquals(10000, test.size());
    assertEquals(28, test.rows());
    assertEquals(28, test.cols());
    int[] labels = IdxReader.readLabels(dir.resolve(MnistFile.TEST_LABELS.gzName()));
    IdxReader.Images images = IdxReader.readImages(dir.resolve(MnistFile.TEST_IMAGES.gzName()));
    assertArrayEquals(labels, test.labels());
    for (int i : new int[] {0, 1, 4999, 9999}) {
      assertEquals(labels[i], test.label(i));
      float[] img = test.image(i);
      assertEquals(784, img.length);
      for (int p = 0; p < 784; p++) {
        int raw = images.pixels()[i * 784 + p] & 0xFF;
        assertEquals(raw / 255f, img[p], "image " + i + " pixel " + p);
        assertEquals(raw, test.pixel(i, p / 28, p % 28));
      }
    }
  }

  @Test
  void loadsTheSharedTrainingSplit() throws Exception {
    MnistDataset train = MnistDataset.load(MnistCache.dir(), true);
    assertEquals(60000, train.size());
    assertEquals(5, train.label(0));
  }

  @Test
  void isAnNnDatasetOfOneChannelImagesWithTheMnistPipeline() {
    byte[] pixels = {0, 51, (byte) 255, 1, 2, 3};
    MnistDataset ds = MnistDataset.of(pixels, new int[] {7, 2}, 1, 3);
    try (Sample s = ds.get(1)) {
      assertArrayEquals(new int[] {1, 1, 3}, s.image().shape().dims());
      assertEquals(Device.CPU, s.image().device());
      assertArrayEquals(new float[] {1 / 255f, 2 / 255f, 3 / 255f}, s.image().toArray());
      assertEquals(2, s.label());
    }
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> ds.get(2));
    assertTrue(e.getMessage().contains("MnistDataset.get: index 2"), e.getMessage());
    assertSame(MnistDataset.NORMALIZE, MnistDataset.transform());
    assertEquals(0.1307f, MnistDataset.NORMALIZE.mean(0));
    assertEquals(0.3081f, MnistDataset.NORMALIZE.std(0));
    RandomRotation rot = new RandomRotation(7);
    Compose c = (Compose) MnistDataset.transform(rot);
    assertEquals(List.of(rot, MnistDataset.NORMALIZE), c.transforms());
    try (Sample s = ds.get(0);
        var y = MnistDataset.transform().apply(s.image(), new Generator(1))) {
      float[] x = s.image().toArray();
      for (int p = 0; p < 3; p++) {
        assertEquals((x[p] - 0.1307f) / 0.3081f, y.toArray()[p], "pixel " + p);
      }
    }
  }

  @Test
  void limitKeepsTheFirstImages() throws Exception {
    MnistDataset ds = synthetic(tmp, 12);
    MnistDataset first5 = ds.limit(5);
    assertEquals(5, first5.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(ds.label(i), first5.label(i));
      assertArrayEquals(ds.image(i), first5.image(i));
    }
    assertEquals(5, first5.labels().length);
    assertSame(ds, ds.limit(12));
    assertSame(ds, ds.limit(1000));
    assertEquals(0, ds.limit(0).size());
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> first5.image(5));
    assertTrue(e.getMessage().contains("index 5 out of range [0, 5)"), e.getMessage());
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> ds.limit(-1));
    assertTrue(neg.getMessage().contains("-1"), neg.getMessage());
  }

  /** A split of {@code n} 3x4 pattern images with labels i mod 10, uncompressed files. */
  static MnistDataset synthetic(Path dir, int n) throws Exception {
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
    }
    IdxFiles.write(
        dir, "t10k-images-idx3-ubyte", IdxFiles.images(n, 3, 4, IdxFiles.patternPixels(n, 3, 4)));
    IdxFiles.write(dir, "t10k-labels-idx1-ubyte", IdxFiles.labels(labels));
    MnistDataset ds = MnistDataset.load(dir, false);
    assertEquals(n, ds.size());
    assertEquals(3, ds.rows());
    assertEquals(4, ds.cols());
    assertEquals(7 % 256, ds.pixel(1, 0, 0));
    return ds;
  }

  @Test
  void uncompressedCopyWinsOverGzip() throws Exception {
    IdxFiles.write(
        tmp,
        "train-images-idx3-ubyte.gz",
        IdxFiles.gzip(IdxFiles.images(2, 1, 1, new byte[] {1, 2})));
    IdxFiles.write(tmp, "train-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(3, 4)));
    assertEquals(3, MnistDataset.load(tmp, true).label(0));
    IdxFiles.write(tmp, "train-labels-idx1-ubyte", IdxFiles.labels(8, 9));
    assertEquals(8, MnistDataset.load(tmp, true).label(0));
  }

  @Test
  void imageAndLabelCountsMustAgree() throws Exception {
    IdxFiles.write(
        tmp, "t10k-images-idx3-ubyte", IdxFiles.images(3, 2, 2, IdxFiles.patternPixels(3, 2, 2)));
    Path labels =
        IdxFiles.write(tmp, "t10k-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(1, 2)));
    IdxFormatException e =
        assertThrows(IdxFormatException.class, () -> MnistDataset.load(tmp, false));
    assertEquals(labels, e.file());
    String msg = e.getMessage();
    assertTrue(msg.contains("t10k-labels-idx1-ubyte.gz"), msg);
    assertTrue(msg.contains("holds 2 labels"), msg);
    assertTrue(msg.contains("t10k-images-idx3-ubyte holds 3 images"), msg);
  }

  @Test
  void missingFolderSaysHowToProvideTheData() {
    Path missing = tmp.resolve("no-such-folder");
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> MnistDataset.load(missing, true));
    String msg = e.getMessage();
    assertTrue(msg.contains("no-such-folder"), msg);
    assertTrue(msg.contains("does not exist"), msg);
    assertTrue(msg.contains("--data DIR"), msg);
    assertTrue(msg.contains("train-images-idx3-ubyte.gz"), msg);
  }

  @Test
  void missingFileIsNamed() throws Exception {
    IdxFiles.write(tmp, "train-images-idx3-ubyte", IdxFiles.images(1, 1, 1, new byte[1]));
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> MnistDataset.load(tmp, true));
    String msg = e.getMessage();
    assertTrue(msg.contains("train-labels-idx1-ubyte.gz"), msg);
    assertTrue(msg.contains("missing MNIST file"), msg);
  }

  @Test
  void ofValidatesItsArguments() {
    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class,
            () -> MnistDataset.of(new byte[5], new int[] {1, 2}, 2, 2));
    assertTrue(size.getMessage().contains("need 8 pixels, got 5"), size.getMessage());
    IllegalArgumentException label =
        assertThrows(
            IllegalArgumentException.class,
            () -> MnistDataset.of(new byte[4], new int[] {10}, 2, 2));
    assertTrue(label.getMessage().contains("label 10 at index 0"), label.getMessage());
  }
}
