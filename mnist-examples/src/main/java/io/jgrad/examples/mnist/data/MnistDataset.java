package io.jgrad.examples.mnist.data;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensors;
import io.jgrad.nn.data.DataLoader;
import io.jgrad.nn.data.Dataset;
import io.jgrad.nn.data.Sample;
import io.jgrad.nn.data.transforms.Compose;
import io.jgrad.nn.data.transforms.Normalize;
import io.jgrad.nn.data.transforms.PixelBytes;
import io.jgrad.nn.data.transforms.Transform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One MNIST split held in memory: the images as one compact {@code byte[]} of unsigned pixels (47
 * MB for the 60,000 training images, a quarter of a {@code float[]}) and the labels as {@code
 * int[]}. Immutable; {@link #limit(int)} returns a view sharing the same arrays, so the object can
 * be read by several loader threads at once.
 *
 * <p>As an {@link io.jgrad.nn.data.Dataset} it feeds nn.data's {@link DataLoader}: {@link
 * #get(int)} is image {@code i} as a {@code [1, rows, cols]} tensor through {@link PixelBytes}
 * (pixels scaled to [0, 1]); {@link #loader()} presets a loader with the MNIST normalization.
 * {@link #pixel} gives the raw byte.
 */
public final class MnistDataset implements Dataset {
  /** The standard MNIST normalization: mean 0.1307, std 0.3081 of the [0, 1] training pixels. */
  public static final Normalize NORMALIZE = new Normalize(0.1307f, 0.3081f);

  private final byte[] pixels;
  private final int[] labels;
  private final int size;
  private final int rows;
  private final int cols;

  private MnistDataset(byte[] pixels, int[] labels, int size, int rows, int cols) {
    this.pixels = pixels;
    this.labels = labels;
    this.size = size;
    this.rows = rows;
    this.cols = cols;
  }

  /**
   * A dataset over {@code pixels} ({@code labels.length} images of {@code rows x cols} unsigned
   * bytes, row-major) and {@code labels} (digits 0-9). The arrays are used as they are, not copied;
   * the caller must not change them afterwards.
   */
  public static MnistDataset of(byte[] pixels, int[] labels, int rows, int cols) {
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException(
          "MnistDataset.of: rows and cols must be > 0, got " + rows + "x" + cols);
    }
    long expected = (long) labels.length * rows * cols;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "MnistDataset.of: "
              + labels.length
              + " labels of "
              + rows
              + "x"
              + cols
              + " images need "
              + expected
              + " pixels, got "
              + pixels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] > 9) {
        throw new IllegalArgumentException(
            "MnistDataset.of: label " + labels[i] + " at index " + i + " is outside 0-9");
      }
    }
    return new MnistDataset(pixels, labels, labels.length, rows, cols);
  }

  /**
   * Loads the training ({@code train}) or test split from {@code dir}, which must hold the standard
   * files ({@code train-images-idx3-ubyte} and {@code train-labels-idx1-ubyte}, or the {@code
   * t10k-} pair), each gzipped ({@code .gz}) or not; an uncompressed copy wins over a gzipped one.
   * Image and label counts must agree.
   *
   * @throws NoSuchFileException when the folder or a file is missing (the message says which and
   *     how to provide it)
   * @throws IdxFormatException when a file is malformed or the two files disagree
   */
  public static MnistDataset load(Path dir, boolean train) throws IOException {
    Path imagesFile = locate(dir, MnistFile.images(train));
    Path labelsFile = locate(dir, MnistFile.labels(train));
    IdxReader.Images images = IdxReader.readImages(imagesFile);
    int[] labels = IdxReader.readLabels(labelsFile);
    if (labels.length != images.count()) {
      throw new IdxFormatException(
          labelsFile,
          "holds "
              + labels.length
              + " labels but "
              + imagesFile.getFileName()
              + " holds "
              + images.count()
              + " images; the counts must agree");
    }
    return new MnistDataset(images.pixels(), labels, labels.length, images.rows(), images.cols());
  }

  /** The path of {@code f} in {@code dir}, or a clear {@link NoSuchFileException}. */
  static Path locate(Path dir, MnistFile f) throws NoSuchFileException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(
          dir.toString(),
          null,
          "MNIST data folder does not exist (or is not a folder); pass --data DIR with the four"
              + " files "
              + MnistFile.allGzNames());
    }
    Path p = f.find(dir);
    if (p == null) {
      throw new NoSuchFileException(
          dir.resolve(f.gzName()).toString(),
          null,
          "missing MNIST file: neither " + f.baseName() + " nor " + f.gzName() + " is in " + dir);
    }
    return p;
  }

  /** The first {@code n} images (all of them when {@code n >= size()}), sharing this storage. */
  public MnistDataset limit(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("MnistDataset.limit: n must be >= 0, got " + n);
    }
    return n >= size ? this : new MnistDataset(pixels, labels, n, rows, cols);
  }

  /**
   * A loader builder over this split: batch size 64, 4 batches prefetched, and each image
   * normalized with {@link #NORMALIZE}; set the augmentations with {@link #transform}.
   */
  public DataLoader.Builder loader() {
    return DataLoader.builder(this).batchSize(64).prefetch(4).transform(NORMALIZE);
  }

  /** The augmentations in order, then {@link #NORMALIZE}: the training images' transform. */
  public static Transform transform(Transform... augment) {
    if (augment.length == 0) {
      return NORMALIZE;
    }
    Transform[] all = Arrays.copyOf(augment, augment.length + 1);
    all[augment.length] = NORMALIZE;
    return new Compose(all);
  }

  /** Number of images. */
  @Override
  public int size() {
    return size;
  }

  /** Image height in pixels (28 for MNIST). */
  public int rows() {
    return rows;
  }

  /** Image width in pixels (28 for MNIST). */
  public int cols() {
    return cols;
  }

  /** Pixels per image, {@code rows * cols}. */
  public int imageSize() {
    return rows * cols;
  }

  /** The shape of every image, {@code [1, rows, cols]}. */
  @Override
  public Shape imageShape() {
    return Shape.of(1, rows, cols);
  }

  /** The label (0-9) of image {@code i}. */
  @Override
  public int label(int i) {
    check(i, "label");
    return labels[i];
  }

  /** A copy of all labels. */
  public int[] labels() {
    int[] r = new int[size];
    System.arraycopy(labels, 0, r, 0, size);
    return r;
  }

  /** Image {@code i} as a fresh CPU tensor {@code [1, rows, cols]} in [0, 1], with its label. */
  @Override
  public Sample get(int i) {
    check(i, "get");
    return new Sample(Tensors.fromArray(image(i), Shape.of(1, rows, cols), Device.CPU), labels[i]);
  }

  /** The raw pixel (0-255) of image {@code i} at row {@code r}, column {@code c}. */
  public int pixel(int i, int r, int c) {
    check(i, "pixel");
    if (r < 0 || r >= rows || c < 0 || c >= cols) {
      throw new IndexOutOfBoundsException(
          "MnistDataset.pixel: (" + r + ", " + c + ") outside " + rows + "x" + cols);
    }
    return pixels[i * imageSize() + r * cols + c] & 0xFF;
  }

  /** Image {@code i} as {@code rows * cols} floats in [0, 1] (pixel / 255, row-major). */
  public float[] image(int i) {
    float[] out = new float[imageSize()];
    copyImage(i, out, 0);
    return out;
  }

  /** Writes image {@code i}, scaled to [0, 1], into {@code dst} starting at {@code offset}. */
  @Override
  public void copyImage(int i, float[] dst, int offset) {
    check(i, "copyImage");
    PixelBytes.toUnit(pixels, i * imageSize(), dst, offset, imageSize());
  }

  private void check(int i, String method) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(
          "MnistDataset." + method + ": index " + i + " out of range [0, " + size + ")");
    }
  }

  @Override
  public String toString() {
    return "MnistDataset[" + size + " images of " + rows + "x" + cols + "]";
  }
}
