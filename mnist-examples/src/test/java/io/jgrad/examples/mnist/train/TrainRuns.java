package io.jgrad.examples.mnist.train;

import io.jgrad.examples.mnist.cli.ConfigResolver;
import io.jgrad.examples.mnist.testing.MnistCache;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Helpers for tests that train on the real MNIST files (from the program's cache, see MnistCache).
 */
final class TrainRuns {
  private TrainRuns() {}

  /** A configuration: the model's recipe overridden by {@code options} (name → value pairs). */
  static TrainConfig config(Path out, String... options) {
    Map<String, String> cli = new LinkedHashMap<>();
    cli.put("data", MnistCache.dir().toString());
    cli.put("out", out.toString());
    cli.put("threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    for (int i = 0; i < options.length; i += 2) {
      cli.put(options[i], options[i + 1]);
    }
    return ConfigResolver.resolve(cli, null, Checkpoint::readConfig);
  }

  /**
   * The end-to-end check's run: net7840, one epoch on the first 10,000 training images, batch 32,
   * SGD with a short one-cycle schedule, no dropout or rotation, seed 1; {@code overrides} (name →
   * value pairs) replace any of these.
   */
  static TrainConfig oneEpochOnTenThousand(Path out, String... overrides) {
    String[] base = {
      "model",
      "net7840",
      "epochs",
      "1",
      "train-limit",
      "10000",
      "batch-size",
      "32",
      "optimizer",
      "sgd",
      "lr",
      "0.05",
      "momentum",
      "0.9",
      "schedule",
      "onecycle",
      "pct-start",
      "0.15",
      "div-factor",
      "10",
      "dropout",
      "0",
      "rotation",
      "0",
      "seed",
      "1"
    };
    String[] all = new String[base.length + overrides.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(overrides, 0, all, base.length, overrides.length);
    return config(out, all);
  }

  /** A trainer whose printed output goes to {@code sink}. */
  static Trainer trainer(TrainConfig cfg, ByteArrayOutputStream sink) {
    return new Trainer(
        cfg, new PrintStream(sink, true, StandardCharsets.UTF_8), ProgressReporter.silent());
  }
}
