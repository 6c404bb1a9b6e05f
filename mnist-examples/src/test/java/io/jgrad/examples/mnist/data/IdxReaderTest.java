package io.jgrad.examples.mnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.examples.mnist.testing.MnistCache;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path tmp;

  private static Path cached(MnistFile f) {
    return MnistCache.dir().resolve(f.gzName());
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void readsTheRealTrainingImages() throws Exception {
    Path file = cached(MnistFile.TRAIN_IMAGES);
    byte[] raw = IdxFiles.gunzip(file);
    // The SHA-256 of the decompressed official file: the raw bytes are the published ones.
    assertEquals("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", sha256(raw));
    ByteBuffer header = ByteBuffer.wrap(raw, 0, 16);
    assertEquals(2051, header.getInt());
    int n = header.getInt();
    int rows = header.getInt();
    int cols = header.getInt();

    IdxReader.Images images = IdxReader.readImages(file);
    assertEquals(60000, images.count());
    assertEquals(n, images.count());
    assertEquals(28, images.rows());
    assertEquals(28, images.cols());
    assertEquals(rows, images.rows());
    assertEquals(cols, images.cols());
    long rawSum = 0;
    for (int i = 16; i < raw.length; i++) {
      rawSum += raw[i] & 0xFF;
    }
    long sum = 0;
    for (byte b : images.pixels()) {
      sum += b & 0xFF;
    }
    assertTrue(rawSum > 0, "images are not all black");
    assertEquals(rawSum, sum, "pixel sum of the reader vs. the raw payload");
    assertEquals(raw.length - 16, images.pixels().length);
  }

  @Test
  void readsTheRealLabelsAndTestImages() throws Exception {
    int[] train = IdxReader.readLabels(cached(MnistFile.TRAIN_LABELS));
    assertEquals(60000, train.length);
    assertEquals(5, train[0], "the first MNIST training digit is a 5");
    int[] test = IdxReader.readLabels(cached(MnistFile.TEST_LABELS));
    assertEquals(10000, test.length);
    byte[] raw = IdxFiles.gunzip(cached(MnistFile.TEST_LABELS));
    for (int i = 0; i < test.length; i++) {
      assertEquals(raw[8 + i], test[i], "label " + i);
    }
    IdxReader.Images images = IdxReader.readImages(cached(MnistFile.TEST_IMAGES));
    assertEquals(10000, images.count());
    assertEquals(28 * 28 * 10000, images.pixels().length);
  }

  @Test
  void gzipIsDetectedByMagicBytesNotByName() throws Exception {
    Path gz = cached(MnistFile.TEST_LABELS);
    int[] expected = IdxReader.readLabels(gz);
    byte[] raw = IdxFiles.gunzip(gz);
    assertEquals("ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", sha256(raw));
    // Uncompressed under its standard name, uncompressed under a ".gz" name, gzip without ".gz".
    Path plain = IdxFiles.write(tmp, "t10k-labels-idx1-ubyte", raw);
    Path misnamed = IdxFiles.write(tmp, "plain-but-named.gz", raw);
    Path gzNoSuffix = IdxFiles.write(tmp, "gzipped-without-suffix", Files.readAllBytes(gz));
    assertArrayEquals(expected, IdxReader.readLabels(plain));
    assertArrayEquals(expected, IdxReader.readLabels(misnamed));
    assertArrayEquals(expected, IdxReader.readLabels(gzNoSuffix));
  }

  @Test
  void smallValidFilesRoundTrip() throws Exception {
    byte[] px = IdxFiles.patternPixels(3, 2, 5);
    Path f = IdxFiles.write(tmp, "imgs", IdxFiles.images(3, 2, 5, px));
    IdxReader.Images im = IdxReader.readImages(f);
    assertEquals(3, im.count());
    assertEquals(2, im.rows());
    assertEquals(5, im.cols());
    assertArrayEquals(px, im.pixels());
    Path empty = IdxFiles.write(tmp, "no-labels.gz", IdxFiles.gzip(IdxFiles.labels()));
    assertEquals(0, IdxReader.readLabels(empty).length);
  }

  private static IdxFormatException assertBad(Path file, IoCall call, String... fragments) {
    IdxFormatException e = assertThrows(IdxFormatException.class, call::run);
    String msg = e.getMessage();
    assertTrue(msg.contains(file.getFileName().toString()), "message names the file: " + msg);
    assertEquals(file, e.file());
    for (String f : fragments) {
      assertTrue(msg.contains(f), "message should contain '" + f + "': " + msg);
    }
    return e;
  }

  /** A reader call that may throw. */
  interface IoCall {
    void run() throws IOException;
  }

  @Test
  void wrongMagicIsRejected() throws Exception {
    Path labelsAsImages = IdxFiles.write(tmp, "labels-given-as-images", IdxFiles.labels(1, 2));
    assertBad(
        labelsAsImages,
        () -> IdxReader.readImages(labelsAsImages),
        "wrong magic number 2049",
        "label file",
        "expected 2051");
    Path junk =
        IdxFiles.write(
            tmp, "junk.gz", IdxFiles.gzip(IdxFiles.idx(1234, new int[] {1}, new byte[1])));
    assertBad(junk, () -> IdxReader.readLabels(junk), "wrong magic number 1234", "2049");
  }

  @Test
  void truncatedPayloadIsRejected() throws Exception {
    byte[] full = IdxFiles.images(3, 28, 28, new byte[3 * 784]);
    Path cut = IdxFiles.write(tmp, "train-images-idx3-ubyte", Arrays.copyOf(full, 16 + 100));
    assertBad(
        cut,
        () -> IdxReader.readImages(cut),
        "truncated: header says 3 images of 28x28 (2352 bytes) but only 100 bytes follow");
    // The same shortfall inside a complete gzip stream is the same error.
    Path cutGz = IdxFiles.write(tmp, "short.gz", IdxFiles.gzip(Arrays.copyOf(full, 16 + 100)));
    assertBad(cutGz, () -> IdxReader.readImages(cutGz), "truncated: header says 3 images");
    Path headerOnly = IdxFiles.write(tmp, "six-bytes", Arrays.copyOf(full, 6));
    assertBad(headerOnly, () -> IdxReader.readImages(headerOnly), "truncated header");
  }

  @Test
  void truncatedGzipStreamIsRejected() throws Exception {
    byte[] gz = Files.readAllBytes(cached(MnistFile.TEST_LABELS));
    Path cut = IdxFiles.write(tmp, "t10k-labels-idx1-ubyte.gz", Arrays.copyOf(gz, gz.length / 2));
    IdxFormatException e = assertBad(cut, () -> IdxReader.readLabels(cut), "truncated gzip stream");
    assertInstanceOf(EOFException.class, e.getCause());
  }

  @Test
  void corruptGzipTrailerIsRejected() throws Exception {
    byte[] gz = Files.readAllBytes(cached(MnistFile.TEST_LABELS));
    gz[gz.length - 8] ^= 0x55; // the CRC-32 in the gzip trailer
    Path bad = IdxFiles.write(tmp, "bad-crc.gz", gz);
    IdxFormatException e = assertBad(bad, () -> IdxReader.readLabels(bad), "corrupt gzip stream");
    assertInstanceOf(ZipException.class, e.getCause());
  }

  @Test
  void extraBytesAreRejected() throws Exception {
    byte[] ok = IdxFiles.labels(1, 2, 3);
    byte[] longer = Arrays.copyOf(ok, ok.length + 5);
    Path plain = IdxFiles.write(tmp, "extra", longer);
    assertBad(plain, () -> IdxReader.readLabels(plain), "corrupt: 5 extra bytes", "3 labels");
    Path gz = IdxFiles.write(tmp, "extra.gz", IdxFiles.gzip(longer));
    assertBad(gz, () -> IdxReader.readLabels(gz), "corrupt: 5 extra bytes");
  }

  @Test
  void labelsOutsideZeroToNineAreRejected() throws Exception {
    Path f = IdxFiles.write(tmp, "labels-with-11", IdxFiles.labels(3, 9, 11, 0));
    assertBad(f, () -> IdxReader.readLabels(f), "label 11 at index 2", "outside 0-9");
  }

  @Test
  void invalidDimensionsAreRejected() throws Exception {
    Path f = IdxFiles.write(tmp, "zero-rows", IdxFiles.images(2, 0, 28, new byte[0]));
    assertBad(f, () -> IdxReader.readImages(f), "invalid dimensions", "2 images of 0x28");
    Path neg = IdxFiles.write(tmp, "negative", IdxFiles.idx(2049, new int[] {-1}, new byte[0]));
    assertBad(neg, () -> IdxReader.readLabels(neg), "invalid label count in header: -1");
  }

  @Test
  void missingFileIsNoSuchFile() {
    Path missing = tmp.resolve("nope-idx1-ubyte");
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> IdxReader.readLabels(missing));
    assertTrue(e.getMessage().contains("nope-idx1-ubyte"), e.getMessage());
  }
}
