package io.jgrad.examples.mnist.train;

import io.jgrad.examples.mnist.cli.ConfigResolver;
import io.jgrad.testing.SharedDir;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers for tests that train on the real MNIST files in the shared folder. */
final class TrainRuns {
  private TrainRuns() {}

  /** A configuration: the model's recipe overridden by {@code options} (name → value pairs). */
  static TrainConfig config(Path out, String... options) {
    Map<String, String> cli = new LinkedHashMap<>();
    cli.put("data", SharedDir.mnist().toString());
    cli.put("out", out.toString());
    cli.put("threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    for (int i = 0; i < options.length; i += 2) {
      cli.put(options[i], options[i + 1]);
    }
    return ConfigResolver.resolve(cli, null, Checkpoint::readConfig);
  }

  /** A trainer whose printed output goes to {@code sink}. */
  static Trainer trainer(TrainConfig cfg, ByteArrayOutputStream sink) {
    return new Trainer(
        cfg, new PrintStream(sink, true, StandardCharsets.UTF_8), ProgressReporter.silent());
  }
}
