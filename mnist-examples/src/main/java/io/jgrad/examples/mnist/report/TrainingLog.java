package io.jgrad.examples.mnist.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The history of a training run, saved as {@code metrics.json}:
 *
 * <pre>{@code
 * {"model", "params", "device",
 *  "epochs": [{"epoch", "train_loss", "train_acc", "test_loss", "test_acc", "lr", "seconds",
 *              "train_images_per_sec"}],
 *  "best_test_acc", "best_epoch"}
 * }</pre>
 *
 * <p>Accuracies are in percent. The best epoch is the first one with the highest test accuracy.
 */
public final class TrainingLog {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String model;
  private final int params;
  private final String device;
  private final List<EpochRecord> epochs = new ArrayList<>();

  /** An empty log for {@code model} with {@code params} parameters trained on {@code device}. */
  public TrainingLog(String model, int params, String device) {
    this.model = model;
    this.params = params;
    this.device = device;
  }

  /** Appends an epoch; epochs must arrive in order 1, 2, 3, .... */
  public void add(EpochRecord r) {
    int expected = epochs.size() + 1;
    if (r.epoch() != expected) {
      throw new IllegalArgumentException(
          "TrainingLog.add: expected epoch " + expected + ", got " + r.epoch());
    }
    epochs.add(r);
  }

  /** Drops every epoch after {@code epoch} (used when resuming from an older checkpoint). */
  public void truncate(int epoch) {
    while (epochs.size() > Math.max(0, epoch)) {
      epochs.remove(epochs.size() - 1);
    }
  }

  /** The model name. */
  public String model() {
    return model;
  }

  /** The parameter count. */
  public int params() {
    return params;
  }

  /** The device name. */
  public String device() {
    return device;
  }

  /** The epochs so far, in order. */
  public List<EpochRecord> epochs() {
    return List.copyOf(epochs);
  }

  /** The highest test accuracy so far (percent), or NaN with no epochs. */
  public double bestTestAcc() {
    int b = bestEpoch();
    return b == 0 ? Double.NaN : epochs.get(b - 1).testAcc();
  }

  /** The first epoch with the highest test accuracy, or 0 with no epochs. */
  public int bestEpoch() {
    int best = 0;
    double acc = Double.NEGATIVE_INFINITY;
    for (EpochRecord r : epochs) {
      if (r.testAcc() > acc) {
        acc = r.testAcc();
        best = r.epoch();
      }
    }
    return best;
  }

  /** The log as JSON text. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    root.put("params", params);
    root.put("device", device);
    ArrayNode arr = root.putArray("epochs");
    for (EpochRecord r : epochs) {
      ObjectNode e = arr.addObject();
      e.put("epoch", r.epoch());
      e.put("train_loss", r.trainLoss());
      e.put("train_acc", r.trainAcc());
      e.put("test_loss", r.testLoss());
      e.put("test_acc", r.testAcc());
      e.put("lr", r.lr());
      e.put("seconds", r.seconds());
      e.put("train_images_per_sec", r.trainImagesPerSec());
    }
    if (epochs.isEmpty()) {
      root.putNull("best_test_acc");
    } else {
      root.put("best_test_acc", bestTestAcc());
    }
    root.put("best_epoch", bestEpoch());
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metrics.json: cannot serialize: " + e.getMessage(), e);
    }
  }

  /** Writes the log to {@code file} atomically. */
  public void write(Path file) {
    AtomicFiles.writeString(file, toJson());
  }

  /**
   * Reads a log written by {@link #write}.
   *
   * @throws IllegalArgumentException naming the file and the problem when it is not a valid log
   */
  public static TrainingLog read(Path file) {
    try {
      return fromJson(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a log from {@link #toJson()}; {@code source} names it in errors.
   *
   * @throws IllegalArgumentException naming the source and the problem when it is not a valid log
   */
  public static TrainingLog fromJson(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + ": a metrics log must be a JSON object");
    }
    TrainingLog log =
        new TrainingLog(
            text(source, root, "model"),
            (int) number(source, root, "params"),
            text(source, root, "device"));
    JsonNode arr = root.get("epochs");
    if (arr == null || !arr.isArray()) {
      throw new IllegalArgumentException(source + ": \"epochs\" must be an array");
    }
    for (JsonNode e : arr) {
      log.add(
          new EpochRecord(
              (int) number(source, e, "epoch"),
              number(source, e, "train_loss"),
              number(source, e, "train_acc"),
              number(source, e, "test_loss"),
              number(source, e, "test_acc"),
              number(source, e, "lr"),
              number(source, e, "seconds"),
              number(source, e, "train_images_per_sec")));
    }
    return log;
  }

  private static String text(String file, JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(file + ": \"" + key + "\" must be a string");
    }
    return v.asText();
  }

  private static double number(String file, JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException(file + ": \"" + key + "\" must be a number");
    }
    return v.asDouble();
  }
}
