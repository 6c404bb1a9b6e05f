package io.jgrad.examples.mnist.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the unsigned-byte IDX files of the MNIST release: image files (magic 2051, dims {@code [n,
 * rows, cols]}) and label files (magic 2049, dims {@code [n]}). A file may be gzipped or not; gzip
 * is recognised by its magic bytes {@code 1f 8b}, never by the file name.
 *
 * <p>The reader is strict: the payload must have exactly the length the header announces (fewer
 * bytes = truncated, more = corrupt), a cut-off gzip stream is reported as truncated, and labels
 * must be digits 0-9. Every problem is an {@link IdxFormatException} whose message names the file
 * and the fault; a missing file is the usual {@link java.nio.file.NoSuchFileException}.
 */
public final class IdxReader {
  /** Magic number of an unsigned-byte, 3-dimensional IDX file (images). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an unsigned-byte, 1-dimensional IDX file (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  /** The largest payload one Java array can hold. */
  private static final long MAX_PAYLOAD = Integer.MAX_VALUE - 8L;

  private static final int BUFFER = 1 << 16;

  private IdxReader() {}

  /**
   * The content of an image file: {@code count} images of {@code rows x cols} unsigned bytes,
   * row-major, image after image ({@code pixels.length == count * rows * cols}).
   */
  public record Images(int count, int rows, int cols, byte[] pixels) {}

  /** Reads an image file (magic 2051). */
  public static Images readImages(Path file) throws IOException {
    try (InputStream in = open(file)) {
      int magic = readInt(in, file, "magic number", 0);
      checkMagic(file, magic, IMAGES_MAGIC, "image");
      int count = readInt(in, file, "image count", 4);
      int rows = readInt(in, file, "row count", 8);
      int cols = readInt(in, file, "column count", 12);
      if (count < 0 || rows <= 0 || cols <= 0) {
        throw new IdxFormatException(
            file,
            "invalid dimensions in header: "
                + count
                + " images of "
                + rows
                + "x"
                + cols
                + " (count must be >= 0, rows and cols > 0)");
      }
      String what = count + " images of " + rows + "x" + cols;
      byte[] pixels = readPayload(in, file, (long) count * rows * cols, what);
      return new Images(count, rows, cols, pixels);
    }
  }

  /** Reads a label file (magic 2049); every label must be a digit 0-9. */
  public static int[] readLabels(Path file) throws IOException {
    try (InputStream in = open(file)) {
      int magic = readInt(in, file, "magic number", 0);
      checkMagic(file, magic, LABELS_MAGIC, "label");
      int count = readInt(in, file, "label count", 4);
      if (count < 0) {
        throw new IdxFormatException(file, "invalid label count in header: " + count);
      }
      byte[] raw = readPayload(in, file, count, count + " labels");
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        int v = raw[i] & 0xFF;
        if (v > 9) {
          throw new IdxFormatException(
              file, "label " + v + " at index " + i + " is outside 0-9 (not a digit)");
        }
        labels[i] = v;
      }
      return labels;
    }
  }

  /** Opens {@code file}, unwrapping gzip when the first two bytes are {@code 1f 8b}. */
  static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    try {
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      if (b0 == 0x1f && b1 == 0x8b) {
        try {
          return new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER);
        } catch (EOFException | ZipException e) {
          throw gzipError(file, e, "in the gzip header");
        }
      }
      return raw;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  private static void checkMagic(Path file, int magic, int expected, String kind)
      throws IdxFormatException {
    if (magic == expected) {
      return;
    }
    String hint = "";
    if (magic == IMAGES_MAGIC) {
      hint = " (this is an image file)";
    } else if (magic == LABELS_MAGIC) {
      hint = " (this is a label file)";
    }
    throw new IdxFormatException(
        file,
        String.format(
            "wrong magic number %d (0x%08x)%s, expected %d (0x%08x) for an IDX %s file",
            magic, magic, hint, expected, expected, kind));
  }

  /** Reads a big-endian int32 of the header at byte {@code offset}. */
  private static int readInt(InputStream in, Path file, String field, int offset)
      throws IOException {
    byte[] b = new byte[4];
    int n = readFully(in, file, b, "the header's " + field);
    if (n < 4) {
      throw new IdxFormatException(
          file,
          "truncated header: the file ends after "
              + (offset + n)
              + " bytes, before the "
              + field
              + " (bytes "
              + offset
              + "-"
              + (offset + 3)
              + ")");
    }
    return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
  }

  /** Reads exactly {@code size} payload bytes and checks that nothing follows them. */
  private static byte[] readPayload(InputStream in, Path file, long size, String what)
      throws IOException {
    if (size > MAX_PAYLOAD) {
      throw new IdxFormatException(
          file, "header says " + what + " (" + size + " bytes), more than one array can hold");
    }
    byte[] data = new byte[(int) size];
    int n = readFully(in, file, data, "the payload (" + what + ")");
    if (n < size) {
      throw new IdxFormatException(
          file,
          "truncated: header says "
              + what
              + " ("
              + size
              + " bytes) but only "
              + n
              + " bytes follow");
    }
    long extra = countRemaining(in, file, size);
    if (extra > 0) {
      throw new IdxFormatException(
          file,
          "corrupt: "
              + extra
              + " extra bytes after the "
              + size
              + " payload bytes the header"
              + " announces ("
              + what
              + ")");
    }
    return data;
  }

  /** Fills {@code b} as far as the stream goes; returns how many bytes were read. */
  private static int readFully(InputStream in, Path file, byte[] b, String part)
      throws IOException {
    int len = b.length;
    int total = 0;
    try {
      while (total < len) {
        int r = in.read(b, total, len - total);
        if (r < 0) {
          break;
        }
        total += r;
      }
      return total;
    } catch (EOFException | ZipException e) {
      throw gzipError(file, e, "after " + total + " of " + len + " bytes of " + part);
    }
  }

  private static long countRemaining(InputStream in, Path file, long payload) throws IOException {
    byte[] buf = new byte[BUFFER];
    long extra = 0;
    try {
      for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
        extra += r;
      }
    } catch (EOFException | ZipException e) {
      throw gzipError(file, e, "after the " + payload + " payload bytes");
    }
    return extra;
  }

  private static IdxFormatException gzipError(Path file, IOException e, String where) {
    String kind = e instanceof EOFException ? "truncated gzip stream" : "corrupt gzip stream";
    return new IdxFormatException(file, kind + " " + where + " (" + e.getMessage() + ")", e);
  }
}
