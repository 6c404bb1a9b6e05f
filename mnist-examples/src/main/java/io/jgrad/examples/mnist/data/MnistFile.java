package io.jgrad.examples.mnist.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The four files of the MNIST release, with their standard names and the size and SHA-256 of each
 * official {@code .gz} file, as published with the data set.
 */
public enum MnistFile {
  /** 60,000 training images, 28x28. */
  TRAIN_IMAGES(
      "train-images-idx3-ubyte",
      9912422L,
      "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
  /** 60,000 training labels. */
  TRAIN_LABELS(
      "train-labels-idx1-ubyte",
      28881L,
      "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
  /** 10,000 test images, 28x28. */
  TEST_IMAGES(
      "t10k-images-idx3-ubyte",
      1648877L,
      "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
  /** 10,000 test labels. */
  TEST_LABELS(
      "t10k-labels-idx1-ubyte",
      4542L,
      "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

  private final String baseName;
  private final long gzSize;
  private final String gzSha256;

  MnistFile(String baseName, long gzSize, String gzSha256) {
    this.baseName = baseName;
    this.gzSize = gzSize;
    this.gzSha256 = gzSha256;
  }

  /** The image file of the training ({@code train}) or test split. */
  public static MnistFile images(boolean train) {
    return train ? TRAIN_IMAGES : TEST_IMAGES;
  }

  /** The label file of the training ({@code train}) or test split. */
  public static MnistFile labels(boolean train) {
    return train ? TRAIN_LABELS : TEST_LABELS;
  }

  /** The uncompressed file name, e.g. {@code train-images-idx3-ubyte}. */
  public String baseName() {
    return baseName;
  }

  /** The gzipped file name, e.g. {@code train-images-idx3-ubyte.gz}. */
  public String gzName() {
    return baseName + ".gz";
  }

  /** Size in bytes of the official gzipped file. */
  public long gzSize() {
    return gzSize;
  }

  /** Lower-case hex SHA-256 of the official gzipped file. */
  public String gzSha256() {
    return gzSha256;
  }

  /**
   * The copy of this file in {@code dir}: the uncompressed file when present, else the gzipped one,
   * else {@code null}.
   */
  public Path find(Path dir) {
    Path plain = dir.resolve(baseName);
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    Path gz = dir.resolve(gzName());
    return Files.isRegularFile(gz) ? gz : null;
  }

  /** The four gzipped names, comma separated (for messages). */
  public static String allGzNames() {
    StringBuilder sb = new StringBuilder();
    for (MnistFile f : values()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(f.gzName());
    }
    return sb.toString();
  }
}
