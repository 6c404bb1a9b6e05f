package io.jgrad.nn.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and fully validated header of a safetensors file: every tensor's dtype, shape and byte
 * range, and the optional {@code __metadata__} map. Nothing is allocated from a size in the file
 * before that size has been checked against the file's real length.
 */
final class SafetensorsHeader {
  static final String METADATA_KEY = "__metadata__";
  static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** One tensor's entry; offsets are relative to the start of the data section. */
  record Entry(String name, String dtype, int[] shape, long begin, long end) {}

  final List<Entry> entries;
  final Map<String, String> metadata;
  final long dataStart;

  private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata, long dataStart) {
    this.entries = entries;
    this.metadata = metadata;
    this.dataStart = dataStart;
  }

  /** Bytes per element of a readable dtype, or -1. F64, I64 and I32 are converted to float32. */
  static int dtypeSize(String dtype) {
    switch (dtype) {
      case "F32":
      case "I32":
        return 4;
      case "F64":
      case "I64":
        return 8;
      default:
        return -1;
    }
  }

  static SafetensorsHeader read(FileChannel ch, Path file) throws IOException {
    long size = ch.size();
    if (size < 8) {
      throw new SafetensorsException(
          file, "the file has " + size + " bytes, fewer than the 8-byte header length");
    }
    ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, lenBuf, 0, file, "header length");
    long n = lenBuf.getLong(0);
    if (n < 0 || n > Safetensors.MAX_HEADER_BYTES) {
      throw new SafetensorsException(
          file,
          "header length "
              + Long.toUnsignedString(n)
              + " is absurd (the limit is "
              + Safetensors.MAX_HEADER_BYTES
              + " bytes); this is not a safetensors file");
    }
    if (n > size - 8) {
      throw new SafetensorsException(
          file,
          "header length "
              + n
              + " is larger than the rest of the file ("
              + (size - 8)
              + " bytes); the file is truncated or not a safetensors file");
    }
    ByteBuffer hb = ByteBuffer.allocate((int) n);
    readFully(ch, hb, 8, file, "header");
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(hb.flip())
              .toString();
    } catch (CharacterCodingException e) {
      throw new SafetensorsException(file, "the header is not valid UTF-8", e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JacksonException e) {
      throw new SafetensorsException(
          file, "the header is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new SafetensorsException(
          file, "the header must be a JSON object, got: " + abbrev(text));
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : root.properties()) {
      if (f.getKey().equals(METADATA_KEY)) {
        metadata = metadata(f.getValue(), file);
      } else {
        entries.add(entry(f.getKey(), f.getValue(), file));
      }
    }
    checkRanges(entries, size - 8 - n, file);
    return new SafetensorsHeader(entries, metadata, 8 + n);
  }

  private static Map<String, String> metadata(JsonNode node, Path file) throws IOException {
    if (!node.isObject()) {
      throw new SafetensorsException(file, "__metadata__ must be an object of strings");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new SafetensorsException(
            file,
            "__metadata__ value of '" + e.getKey() + "' must be a string, got " + e.getValue());
      }
      m.put(e.getKey(), e.getValue().asText());
    }
    return m;
  }

  private static Entry entry(String name, JsonNode node, Path file) throws IOException {
    String what = "tensor '" + name + "'";
    if (!node.isObject()) {
      throw new SafetensorsException(file, what + ": entry must be an object, got " + node);
    }
    JsonNode dt = node.get("dtype");
    if (dt == null || !dt.isTextual()) {
      throw new SafetensorsException(file, what + ": missing or non-string dtype");
    }
    String dtype = dt.asText();
    int elemSize = dtypeSize(dtype);
    if (elemSize < 0) {
      throw new SafetensorsException(
          file,
          what
              + ": dtype "
              + dtype
              + " is not supported (jgrad reads F32, and F64, I64"
              + " and I32 converted to float32)");
    }
    JsonNode sh = node.get("shape");
    if (sh == null || !sh.isArray()) {
      throw new SafetensorsException(file, what + ": missing or non-array shape");
    }
    int[] shape = new int[sh.size()];
    long numel = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = sh.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToInt() || d.asInt() < 0) {
        throw new SafetensorsException(file, what + ": invalid shape " + sh);
      }
      shape[i] = d.asInt();
      numel *= shape[i];
      if (numel > Integer.MAX_VALUE) {
        throw new SafetensorsException(
            file, what + ": shape " + sh + " has more than 2^31-1 elements");
      }
    }
    JsonNode off = node.get("data_offsets");
    if (off == null
        || !off.isArray()
        || off.size() != 2
        || !isLong(off.get(0))
        || !isLong(off.get(1))) {
      throw new SafetensorsException(
          file, what + ": data_offsets must be two integers [begin, end], got " + off);
    }
    long begin = off.get(0).asLong();
    long end = off.get(1).asLong();
    if (begin < 0 || end < begin) {
      throw new SafetensorsException(
          file, what + ": invalid data_offsets [" + begin + ", " + end + "]");
    }
    if (end - begin != numel * elemSize) {
      throw new SafetensorsException(
          file,
          what
              + ": shape "
              + sh
              + " of "
              + dtype
              + " needs "
              + numel * elemSize
              + " bytes but data_offsets ["
              + begin
              + ", "
              + end
              + "] span "
              + (end - begin));
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  private static boolean isLong(JsonNode n) {
    return n.isIntegralNumber() && n.canConvertToLong();
  }

  private static void checkRanges(List<Entry> entries, long dataLen, Path file) throws IOException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    Entry prev = null;
    for (Entry e : sorted) {
      if (e.end() > dataLen) {
        throw new SafetensorsException(
            file,
            "data is truncated or offsets are out of range: tensor '"
                + e.name()
                + "' needs bytes ["
                + e.begin()
                + ", "
                + e.end()
                + ") of the data section, but"
                + " the file holds only "
                + dataLen
                + " bytes after the header");
      }
      if (prev != null && e.begin() < prev.end() && e.end() > e.begin()) {
        throw new SafetensorsException(
            file,
            "tensors '"
                + prev.name()
                + "' ["
                + prev.begin()
                + ", "
                + prev.end()
                + ") and '"
                + e.name()
                + "' ["
                + e.begin()
                + ", "
                + e.end()
                + ") have overlapping data_offsets");
      }
      if (e.end() > e.begin()) {
        prev = e;
      }
    }
  }

  /** Reads exactly {@code buf.remaining()} bytes at {@code pos}, or fails naming {@code what}. */
  static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file, String what)
      throws IOException {
    long p = pos;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, p);
      if (r < 0) {
        throw new SafetensorsException(
            file, "unexpected end of file while reading the " + what + " (the file is truncated)");
      }
      p += r;
    }
  }

  private static String abbrev(String s) {
    String t = s.strip();
    return t.length() <= 60 ? t : t.substring(0, 60) + "...";
  }
}
