package io.jgrad.nn.hardening;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.nn.io.Safetensors;
import io.jgrad.nn.io.SafetensorsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile safetensors headers that {@code SafetensorsTest} does not cover: offsets beyond the data,
 * reversed offsets, negative or overflowing shapes, dtypes nobody defines, and headers that promise
 * gigabytes in a file of a few bytes. Each must fail with a {@link SafetensorsException} naming the
 * file and the problem, before any large allocation.
 */
class SafetensorsHostileHeaderTest {
  @TempDir Path dir;

  /** Eight bytes of data: two float32 values. */
  private static final byte[] DATA = new byte[8];

  private static String entry(String dtype, String shape, String offsets) {
    return "{\"x\":{\"dtype\":\""
        + dtype
        + "\",\"shape\":"
        + shape
        + ",\"data_offsets\":"
        + offsets
        + "}}";
  }

  private static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + h.length + data.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(h.length)
        .put(h)
        .put(data)
        .array();
  }

  private void assertBad(String name, String header, String... fragments) throws IOException {
    Path p = dir.resolve(name + ".safetensors");
    Files.write(p, file(header, DATA));
    SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(p));
    String m = e.getMessage();
    assertTrue(m.contains(p.toString()), "names the file: " + m);
    for (String f : fragments) {
      assertTrue(m.contains(f), "expected '" + f + "' in: " + m);
    }
  }

  @Test
  void offsetsBeyondTheDataSectionAreOutOfRange() throws IOException {
    assertBad("beyond", entry("F32", "[2]", "[8,16]"), "out of range", "[8, 16)", "only 8 bytes");
  }

  @Test
  void reversedOrNegativeOffsetsAreInvalid() throws IOException {
    assertBad("reversed", entry("F32", "[0]", "[8,0]"), "invalid data_offsets [8, 0]");
    assertBad("negative", entry("F32", "[2]", "[-8,0]"), "invalid data_offsets [-8, 0]");
    assertBad("strings", entry("F32", "[2]", "[\"0\",\"8\"]"), "data_offsets must be two");
  }

  @Test
  void negativeFractionalAndOverflowingShapesAreInvalid() throws IOException {
    assertBad("negdim", entry("F32", "[-2]", "[0,8]"), "tensor 'x'", "invalid shape [-2]");
    assertBad("frac", entry("F32", "[1.5]", "[0,8]"), "invalid shape [1.5]");
    assertBad("huge", entry("F32", "[4294967296]", "[0,8]"), "invalid shape");
    assertBad("overflow", entry("F32", "[65536,65536]", "[0,8]"), "more than 2^31-1 elements");
  }

  @Test
  void gigabytePromisesInATinyFileFailWithoutAllocating() throws IOException {
    // 2^29 floats = 2 GiB of data claimed by a 100-byte file: must be caught by the range check
    long bytes = 4L << 29;
    assertBad(
        "promise",
        entry("F32", "[536870912]", "[0," + bytes + "]"),
        "out of range",
        "only 8 bytes");
  }

  @Test
  void dtypesNobodyDefinesAreNamed() throws IOException {
    assertBad("q4", entry("Q4", "[2]", "[0,8]"), "tensor 'x'", "dtype Q4 is not supported");
    assertBad("num", "{\"x\":{\"dtype\":7,\"shape\":[2],\"data_offsets\":[0,8]}}", "dtype");
  }
}
