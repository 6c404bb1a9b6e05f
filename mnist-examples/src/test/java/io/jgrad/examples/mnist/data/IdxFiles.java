package io.jgrad.examples.mnist.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files (valid or deliberately broken) for the tests. */
final class IdxFiles {
  private IdxFiles() {}

  /** An IDX header of {@code magic} and the given int32 dims, then {@code payload}. */
  static byte[] idx(int magic, int[] dims, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(payload);
    return b.array();
  }

  /** A valid image file content. */
  static byte[] images(int n, int rows, int cols, byte[] pixels) {
    return idx(IdxReader.IMAGES_MAGIC, new int[] {n, rows, cols}, pixels);
  }

  /** A valid label file content (labels as bytes). */
  static byte[] labels(int... labels) {
    byte[] raw = new byte[labels.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) labels[i];
    }
    return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, raw);
  }

  /** {@code n} images of {@code rows x cols} whose pixel p of image i is (7i + p) mod 256. */
  static byte[] patternPixels(int n, int rows, int cols) {
    byte[] px = new byte[n * rows * cols];
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < rows * cols; p++) {
        px[i * rows * cols + p] = (byte) (7 * i + p);
      }
    }
    return px;
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  static byte[] gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }

  static Path write(Path dir, String name, byte[] content) throws IOException {
    Files.createDirectories(dir);
    return Files.write(dir.resolve(name), content);
  }
}
