package io.jgrad.examples.mnist.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.nn.Module;
import io.jgrad.nn.io.Safetensors;
import io.jgrad.nn.layers.DropoutNd;
import io.jgrad.nn.optim.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A training checkpoint in one safetensors file (written atomically): the model's state dict under
 * {@code model.*} and the optimizer's buffers under {@code optim.*} as tensors; in the metadata the
 * model name, the configuration, the position in the run (epoch, next batch, the partial epoch's
 * running sums), the optimizer options ({@code optim.*}), the schedule state ({@code sched.*}), the
 * dropout generators ({@code rng.<layer>}) and the metrics so far. The data loader needs no state:
 * its batches depend only on (seed, epoch, batch).
 */
public final class Checkpoint {
  /** The format tag stored under {@code format}. */
  public static final String FORMAT = "jgrad-mnist-checkpoint/1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Checkpoint() {}

  /**
   * Where a run stands.
   *
   * @param epoch completed epochs: the 0-based index of the epoch to run next or in progress
   * @param nextBatch the next batch of that epoch to run (0 at an epoch boundary)
   * @param lossSum the partial epoch's summed per-image training loss
   * @param correct the partial epoch's correct training predictions
   * @param seen the partial epoch's training images
   * @param seconds the partial epoch's training seconds so far
   */
  public record Position(
      int epoch, int nextBatch, double lossSum, long correct, long seen, double seconds) {}

  /**
   * A checkpoint read from disk.
   *
   * @param tensors every tensor, by key
   * @param metadata every metadata entry
   */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** The registered model name. */
    public String model() {
      return metadata.get("model");
    }

    /** The model's state dict (keys without the {@code model.} prefix). */
    public Map<String, Tensor> modelState() {
      return strip(tensors, "model.");
    }

    /** The saved position. */
    public Position position() {
      return new Position(
          Integer.parseInt(need("epoch")),
          Integer.parseInt(need("next_batch")),
          Double.parseDouble(need("partial_loss_sum")),
          Long.parseLong(need("partial_correct")),
          Long.parseLong(need("partial_seen")),
          Double.parseDouble(need("partial_seconds")));
    }

    private String need(String key) {
      String v = metadata.get(key);
      if (v == null) {
        throw new IllegalArgumentException("checkpoint: metadata entry '" + key + "' is missing");
      }
      return v;
    }
  }

  /** Writes a checkpoint of the run atomically. */
  public static void save(
      Path file,
      TrainConfig cfg,
      Module model,
      Optimizer optimizer,
      LrSchedule schedule,
      Position pos,
      String metricsJson)
      throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    model.stateDict().forEach((k, t) -> tensors.put("model." + k, t));
    optimizer.stateDict().forEach((k, t) -> tensors.put("optim." + k, t));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.put("model", cfg.model());
    meta.put("params", Integer.toString(model.numParameters()));
    meta.put("epoch", Integer.toString(pos.epoch()));
    meta.put("next_batch", Integer.toString(pos.nextBatch()));
    meta.put("partial_loss_sum", Double.toString(pos.lossSum()));
    meta.put("partial_correct", Long.toString(pos.correct()));
    meta.put("partial_seen", Long.toString(pos.seen()));
    meta.put("partial_seconds", Double.toString(pos.seconds()));
    meta.put("config", JSON.writeValueAsString(cfg.toOptions()));
    optimizer.stateMetadata().forEach((k, v) -> meta.put("optim." + k, v));
    schedule.stateDict().forEach((k, v) -> meta.put("sched." + k, v));
    generators(model).forEach((k, g) -> meta.put("rng." + k, longs(g.getState())));
    if (metricsJson != null) {
      meta.put("metrics", metricsJson);
    }
    Safetensors.write(file, tensors, meta);
  }

  /**
   * Reads a checkpoint.
   *
   * @throws IllegalArgumentException naming the file when it is not a jgrad-mnist checkpoint
   */
  public static Contents read(Path file) {
    requireFile(file);
    try {
      Map<String, String> meta = Safetensors.readMetadata(file);
      if (!meta.containsKey("model")) {
        throw new IllegalArgumentException(
            file + ": not a jgrad-mnist checkpoint (its metadata names no model)");
      }
      return new Contents(Safetensors.read(file), meta);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  /** The configuration saved in {@code file}, as option texts (for {@code --resume}). */
  public static Map<String, String> readConfig(Path file) {
    requireFile(file);
    Map<String, String> meta;
    try {
      meta = Safetensors.readMetadata(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
    String json = meta.get("config");
    if (json == null) {
      throw new IllegalArgumentException(
          file + ": not a jgrad-mnist training checkpoint (no saved configuration)");
    }
    try {
      return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": its saved configuration is corrupt", e);
    }
  }

  /** Restores model, optimizer, schedule and dropout generators from {@code c}. */
  public static void restore(Contents c, Module model, Optimizer optimizer, LrSchedule schedule) {
    model.loadStateDict(c.modelState());
    optimizer.loadStateDict(strip(c.tensors(), "optim."), strip(c.metadata(), "optim."));
    Map<String, String> sched = strip(c.metadata(), "sched.");
    if (!sched.isEmpty()) {
      schedule.loadStateDict(sched);
    }
    Map<String, String> rng = strip(c.metadata(), "rng.");
    for (Map.Entry<String, Generator> e : generators(model).entrySet()) {
      String s = rng.get(e.getKey());
      if (s == null) {
        throw new IllegalArgumentException(
            "checkpoint: no generator state for dropout layer " + e.getKey());
      }
      e.getValue().setState(Arrays.stream(s.split(",")).mapToLong(Long::parseLong).toArray());
    }
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "checkpoint " + file + " does not exist (expected e.g. OUT/last.safetensors of a run)");
    }
  }

  /** The dropout layers' generators by layer path. */
  static Map<String, Generator> generators(Module model) {
    Map<String, Generator> out = new LinkedHashMap<>();
    model
        .namedModules()
        .forEach(
            (path, m) -> {
              if (m instanceof DropoutNd) {
                out.put(path, ((DropoutNd) m).generator());
              }
            });
    return out;
  }

  private static String longs(long[] v) {
    return Arrays.stream(v).mapToObj(Long::toString).collect(Collectors.joining(","));
  }

  private static <V> Map<String, V> strip(Map<String, V> m, String prefix) {
    Map<String, V> out = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }
}
