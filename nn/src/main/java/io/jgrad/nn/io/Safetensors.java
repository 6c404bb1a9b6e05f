package io.jgrad.nn.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes tensors in the <a href="https://github.com/huggingface/safetensors">safetensors
 * format</a>, which PyTorch, NumPy and others can load: an 8-byte little-endian header length N, N
 * bytes of UTF-8 JSON {@code {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin,
 * end]}, ..., "__metadata__": {"key": "value"}}} padded with spaces to a multiple of 8, then the
 * raw little-endian data, offsets counted from the end of the header.
 *
 * <p>Writes are atomic: the data goes to a temporary file in the target's folder, is forced to
 * disk, then moved over the target in one step, so a crash leaves either the old or the new file.
 * jgrad writes F32. Reads accept F32 and, for files made elsewhere, F64, I64 and I32 converted to
 * float32 (integers above 2^24 and doubles lose precision; an int64 {@code num_batches_tracked}
 * from PyTorch loads fine). Reads validate the whole header before allocating anything and fail
 * with a {@link SafetensorsException} naming the file and the problem.
 */
public final class Safetensors {
  /** The largest header accepted, 100 MB; a larger length means a corrupt or foreign file. */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private Safetensors() {}

  /** Writes {@code tensors} (any device) to {@code file} atomically, without metadata. */
  public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    write(file, tensors, Map.of());
  }

  /**
   * Writes {@code tensors} in map order as F32, with {@code metadata} as {@code __metadata__} (e.g.
   * optimizer hyper-parameters and the epoch), atomically replacing {@code file}.
   */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    ObjectNode header = SafetensorsHeader.JSON.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      ObjectNode meta = header.putObject(SafetensorsHeader.METADATA_KEY);
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          throw new SafetensorsException(file, "metadata keys and values must not be null");
        }
        meta.put(e.getKey(), e.getValue());
      }
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty() || name.equals(SafetensorsHeader.METADATA_KEY)) {
        throw new SafetensorsException(file, "invalid tensor name '" + name + "'");
      }
      if (e.getValue() == null) {
        throw new SafetensorsException(file, "tensor '" + name + "' is null");
      }
      ObjectNode t = header.putObject(name);
      t.put("dtype", "F32");
      var shape = t.putArray("shape");
      for (int d : e.getValue().shape().dims()) {
        shape.add(d);
      }
      long bytes = 4L * e.getValue().numel();
      t.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json;
    try {
      json = SafetensorsHeader.JSON.writeValueAsBytes(header);
    } catch (JsonProcessingException e) {
      throw new SafetensorsException(file, "cannot encode the header: " + e.getMessage(), e);
    }
    int padded = (json.length + 7) / 8 * 8;
    byte[] headerBytes = Arrays.copyOf(json, padded);
    Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
    writeAtomically(file, headerBytes, tensors);
  }

  private static void writeAtomically(Path file, byte[] header, Map<String, Tensor> tensors)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new SafetensorsException(file, "the folder " + dir + " does not exist");
    }
    // Not Files.createTempFile: that would give the final file owner-only permissions.
    Path tmp =
        dir.resolve(
            "."
                + file.getFileName()
                + "."
                + ProcessHandle.current().pid()
                + "."
                + Long.toHexString(System.nanoTime())
                + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        len.putLong(header.length).flip();
        writeFully(ch, len);
        writeFully(ch, ByteBuffer.wrap(header));
        for (Tensor t : tensors.values()) {
          float[] data = t.toArray();
          ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
          b.asFloatBuffer().put(data);
          writeFully(ch, b);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    forceDirectory(dir);
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** Makes the rename durable where the platform allows syncing a folder (Linux, macOS). */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported on every platform (e.g. Windows); the file itself is already on disk.
    }
  }

  /** Reads every tensor of {@code file} as a CPU float32 tensor, in header order. */
  public static LinkedHashMap<String, Tensor> read(Path file) throws IOException {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    try (FileChannel ch = open(file)) {
      SafetensorsHeader h = SafetensorsHeader.read(ch, file);
      for (SafetensorsHeader.Entry e : h.entries) {
        ByteBuffer b =
            ByteBuffer.allocate((int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
        SafetensorsHeader.readFully(
            ch, b, h.dataStart + e.begin(), file, "data of tensor '" + e.name() + "'");
        b.flip();
        float[] data = toFloats(b, e.dtype());
        out.put(e.name(), Tensors.fromArray(data, Shape.of(e.shape()), Device.CPU));
      }
    }
    return out;
  }

  /** The {@code __metadata__} map of {@code file} (empty when absent); validates the header. */
  public static Map<String, String> readMetadata(Path file) throws IOException {
    try (FileChannel ch = open(file)) {
      return new LinkedHashMap<>(SafetensorsHeader.read(ch, file).metadata);
    }
  }

  private static FileChannel open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new SafetensorsException(file, "no such file");
    }
    return FileChannel.open(file, StandardOpenOption.READ);
  }

  private static float[] toFloats(ByteBuffer b, String dtype) {
    int n = b.remaining() / SafetensorsHeader.dtypeSize(dtype);
    float[] f = new float[n];
    switch (dtype) {
      case "F32":
        b.asFloatBuffer().get(f);
        break;
      case "F64":
        for (int i = 0; i < n; i++) {
          f[i] = (float) b.getDouble();
        }
        break;
      case "I64":
        for (int i = 0; i < n; i++) {
          f[i] = (float) b.getLong();
        }
        break;
      case "I32":
        for (int i = 0; i < n; i++) {
          f[i] = (float) b.getInt();
        }
        break;
      default:
        throw new IllegalStateException("safetensors: unchecked dtype " + dtype);
    }
    return f;
  }
}
