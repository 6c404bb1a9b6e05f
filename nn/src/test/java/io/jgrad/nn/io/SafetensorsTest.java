package io.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.Sequential;
import io.jgrad.nn.TestNets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors reader and writer: format, round trips and every validation error. */
class SafetensorsTest {
  @TempDir Path dir;

  /** Surefire points java.io.tmpdir at a per-fork folder it does not create; @TempDir needs it. */
  @BeforeAll
  static void tmpdirExists() throws IOException {
    Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** A file built from the spec: 8-byte LE header length, the JSON header, then raw data. */
  private static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    return b.array();
  }

  private static byte[] le(Object... values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object v : values) {
      ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      if (v instanceof Float) {
        b.putFloat((Float) v);
      } else if (v instanceof Double) {
        b.putDouble((Double) v);
      } else {
        b.putLong((Long) v);
      }
      out.write(b.array(), 0, b.position());
    }
    return out.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void roundTripIsBitIdenticalAndKeepsOrderAndMetadata() throws IOException {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("z.weight", Tensors.randn(new Generator(1), 3, 4, 5));
    in.put(
        "special",
        Tensors.fromArray(
            new float[] {
              -0.0f,
              Float.MIN_VALUE,
              Float.MAX_VALUE,
              Float.NEGATIVE_INFINITY,
              Float.intBitsToFloat(0x7fc00001)
            },
            5));
    in.put("a.scalar", Tensors.scalar(42));
    in.put("empty", Tensors.zeros(0, 3));
    Map<String, String> meta = Map.of("epoch", "7", "lr", "0.01");
    Path p = dir.resolve("rt.safetensors");
    Safetensors.write(p, in, meta);

    byte[] raw = Files.readAllBytes(p);
    long n = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, n % 8, "header padded to a multiple of 8");
    assertEquals(raw.length, 8 + n + 4L * (60 + 5 + 1), "no bytes besides header and F32 data");

    Map<String, Tensor> out = Safetensors.read(p);
    assertEquals(List.copyOf(in.keySet()), new ArrayList<>(out.keySet()));
    for (Map.Entry<String, Tensor> e : in.entrySet()) {
      Tensor got = out.get(e.getKey());
      assertEquals(e.getValue().shape(), got.shape(), e.getKey());
      assertEquals(Device.CPU, got.device());
      float[] a = e.getValue().toArray();
      float[] b = got.toArray();
      for (int i = 0; i < a.length; i++) {
        assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), e.getKey());
      }
    }
    assertEquals(meta, Safetensors.readMetadata(p));
  }

  @Test
  void readsAFileBuiltByteByByteFromTheSpec() throws IOException {
    String header =
        "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[0,8]},"
            + "\"steps\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]},"
            + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}  ";
    Path p = write("spec.safetensors", file(header, le(1.5f, -2f, 7L, 0.25d)));
    Map<String, Tensor> t = Safetensors.read(p);
    assertEquals(List.of("w", "steps", "d"), new ArrayList<>(t.keySet()));
    assertEquals(Shape.of(2, 1), t.get("w").shape());
    assertArrayEquals(new float[] {1.5f, -2f}, t.get("w").toArray());
    assertEquals(Shape.scalar(), t.get("steps").shape());
    assertEquals(7f, t.get("steps").item());
    assertEquals(0.25f, t.get("d").item());
    assertEquals(Map.of("format", "pt"), Safetensors.readMetadata(p));
  }

  private void assertBad(String name, byte[] bytes, String expected) throws IOException {
    Path p = write(name, bytes);
    SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(p));
    assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
    assertTrue(
        e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }

  private static final String ONE =
      "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

  @Test
  void corruptFilesGiveClearErrorsNamingTheFile() throws IOException {
    assertBad("short", new byte[] {1, 2, 3}, "fewer than the 8-byte header length");
    assertBad("json", file("{\"x\": {\"dtype\": ", new byte[0]), "not valid JSON");
    assertBad("array", file("[1, 2]  ", new byte[0]), "must be a JSON object");
    assertBad("dtype", file(ONE.replace("F32", "F16"), le(1f, 2f)), "dtype F16 is not supported");
    assertBad("truncated", cut(file(ONE, le(1f, 2f)), 3), "truncated");
    assertBad("sizes", file(ONE.replace("[2]", "[3]"), le(1f, 2f)), "needs 12 bytes");
    assertBad(
        "overlap",
        file(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
            le(1f, 2f, 3f)),
        "overlapping");
    assertBad("meta", file("{\"__metadata__\":{\"epoch\":3}}", new byte[0]), "must be a string");
    assertBad(
        "dup",
        file(
            "{\"x\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"x\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}",
            new byte[0]),
        "not valid JSON");
  }

  @Test
  void headerLengthBeyondTheFileOrAbsurdIsRejected() throws IOException {
    byte[] good = file(ONE, le(1f, 2f));
    byte[] tooLong = good.clone();
    ByteBuffer.wrap(tooLong).order(ByteOrder.LITTLE_ENDIAN).putLong(0, good.length);
    assertBad("toolong", tooLong, "larger than the rest of the file");
    byte[] absurd = good.clone();
    ByteBuffer.wrap(absurd).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
    assertBad("absurd", absurd, "absurd");
    byte[] negative = good.clone();
    ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
    assertBad("negative", negative, "absurd");
  }

  @Test
  void missingFileIsAClearError() {
    Path p = dir.resolve("nope.safetensors");
    SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(p));
    assertTrue(e.getMessage().contains("nope.safetensors") && e.getMessage().contains("no such"));
  }

  @Test
  void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
    Path p = dir.resolve("model.safetensors");
    Safetensors.write(p, Map.of("a", Tensors.ones(3)));
    Safetensors.write(p, Map.of("b", Tensors.zeros(2)));
    assertEquals(List.of("b"), new ArrayList<>(Safetensors.read(p).keySet()));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(p), files.toList());
    }
    SafetensorsException e =
        assertThrows(
            SafetensorsException.class,
            () -> Safetensors.write(p, Map.of("__metadata__", Tensors.ones(1))));
    assertTrue(e.getMessage().contains("invalid tensor name"));
    assertEquals(List.of("b"), new ArrayList<>(Safetensors.read(p).keySet()), "old file kept");
  }

  @Test
  void stateDictsSaveAndLoadAModel() throws IOException {
    Sequential a = TestNets.mnist7840(1);
    Sequential b = TestNets.mnist7840(2);
    Path p = dir.resolve("net.safetensors");
    StateDicts.save(a, p, Map.of("epoch", "3"));
    StateDicts.load(b, p);
    for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
      assertArrayEquals(e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray());
    }
    assertEquals("3", Safetensors.readMetadata(p).get("epoch"));
  }

  private static byte[] cut(byte[] b, int n) {
    return Arrays.copyOf(b, b.length - n);
  }
}
