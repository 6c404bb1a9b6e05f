package io.jgrad.examples.mnist.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A validated training configuration: the result of merging a model's recipe, a config file and the
 * command-line flags (later ones win).
 *
 * @param model registered model name
 * @param epochs number of epochs (>= 1)
 * @param trainLimit first N training images, 0 = all
 * @param testLimit first N test images, 0 = all
 * @param batchSize mini-batch size
 * @param optim optimizer settings
 * @param schedule learning-rate schedule settings
 * @param rotation random rotation of training images in degrees, 0 = off
 * @param dropout dropout probability of the model's dropout layers
 * @param seed the seed of every random stream of the run
 * @param device {@code cpu} or {@code cuda}
 * @param threads CPU worker threads
 * @param data MNIST folder, or null for the download cache
 * @param out output folder
 * @param resume checkpoint to continue from, or null
 * @param workers background threads preparing batches
 * @param checkpointEvery save {@code last.safetensors} every N batches, 0 = only at epoch ends
 */
public record TrainConfig(
    String model,
    int epochs,
    int trainLimit,
    int testLimit,
    int batchSize,
    OptimSettings optim,
    ScheduleSettings schedule,
    double rotation,
    double dropout,
    long seed,
    String device,
    int threads,
    Path data,
    Path out,
    Path resume,
    int workers,
    int checkpointEvery) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Validates every value, naming the option at fault. */
  public TrainConfig {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("--model: a model name is required");
    }
    positive("--epochs", epochs);
    nonNegative("--train-limit", trainLimit);
    nonNegative("--test-limit", testLimit);
    positive("--batch-size", batchSize);
    if (optim == null || schedule == null) {
      throw new IllegalArgumentException("TrainConfig: optimizer and schedule are required");
    }
    if (!(rotation >= 0 && rotation <= 180)) {
      throw new IllegalArgumentException(
          "--rotation: must be in [0, 180] degrees, got " + rotation);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("--dropout: must be in [0, 1), got " + dropout);
    }
    if (!"cpu".equals(device) && !"cuda".equals(device)) {
      throw new IllegalArgumentException(
          "--device: unknown device '" + device + "'; choose cpu or cuda");
    }
    positive("--threads", threads);
    positive("--workers", workers);
    nonNegative("--checkpoint-every", checkpointEvery);
    if (out == null) {
      throw new IllegalArgumentException("--out: an output folder is required");
    }
  }

  private static void positive(String option, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(option + ": must be >= 1, got " + v);
    }
  }

  private static void nonNegative(String option, int v) {
    if (v < 0) {
      throw new IllegalArgumentException(option + ": must be >= 0, got " + v);
    }
  }

  /** This configuration with another output folder and resume checkpoint. */
  public TrainConfig withOutAndResume(Path newOut, Path newResume) {
    return new TrainConfig(
        model,
        epochs,
        trainLimit,
        testLimit,
        batchSize,
        optim,
        schedule,
        rotation,
        dropout,
        seed,
        device,
        threads,
        data,
        newOut,
        newResume,
        workers,
        checkpointEvery);
  }

  /**
   * A configuration as option texts, the inverse of the CLI's config resolution: stored in
   * checkpoints so that {@code --resume} restores every setting exactly (doubles round-trip through
   * {@link Double#toString}).
   */
  public Map<String, String> toOptions() {
    TrainConfig c = this;
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model", c.model());
    m.put("epochs", Integer.toString(c.epochs()));
    m.put("train-limit", Integer.toString(c.trainLimit()));
    m.put("test-limit", Integer.toString(c.testLimit()));
    m.put("batch-size", Integer.toString(c.batchSize()));
    m.put("optimizer", c.optim().name());
    m.put("lr", Double.toString(c.optim().lr()));
    m.put("momentum", Double.toString(c.optim().momentum()));
    m.put("nesterov", Boolean.toString(c.optim().nesterov()));
    m.put("weight-decay", Double.toString(c.optim().weightDecay()));
    ScheduleSettings s = c.schedule();
    m.put("schedule", s.name());
    m.put("step-size", Integer.toString(s.stepSize()));
    m.put("gamma", Double.toString(s.gamma()));
    if (!s.milestones().isEmpty()) {
      m.put(
          "milestones",
          s.milestones().stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    m.put("pct-start", Double.toString(s.pctStart()));
    m.put("div-factor", Double.toString(s.divFactor()));
    m.put("final-div-factor", Double.toString(s.finalDivFactor()));
    m.put("patience", Integer.toString(s.patience()));
    m.put("min-lr", Double.toString(s.minLr()));
    m.put("rotation", Double.toString(c.rotation()));
    m.put("dropout", Double.toString(c.dropout()));
    m.put("seed", Long.toString(c.seed()));
    m.put("device", c.device());
    m.put("threads", Integer.toString(c.threads()));
    if (c.data() != null) {
      m.put("data", c.data().toString());
    }
    m.put("out", c.out().toString());
    m.put("workers", Integer.toString(c.workers()));
    m.put("checkpoint-every", Integer.toString(c.checkpointEvery()));
    return m;
  }

  /**
   * The options as a JSON config (without {@code out}): numbers and booleans typed, every value
   * exact, so {@code train --config config.json} repeats the run.
   */
  public String toJson() {
    ObjectNode json = JSON.createObjectNode();
    toOptions()
        .forEach(
            (k, v) -> {
              if (k.equals("out")) {
                return;
              }
              if (v.equals("true") || v.equals("false")) {
                json.put(k, Boolean.parseBoolean(v));
              } else if (v.matches("-?\\d{1,18}")) {
                json.put(k, Long.parseLong(v));
              } else if (v.matches("-?[0-9.]+([eE]-?\\d+)?")) {
                json.put(k, Double.parseDouble(v));
              } else {
                json.put(k, v);
              }
            });
    try {
      return JSON.writeValueAsString(json) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("TrainConfig.toJson: " + e.getMessage(), e);
    }
  }
}
