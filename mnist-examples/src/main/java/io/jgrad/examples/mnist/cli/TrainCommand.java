package io.jgrad.examples.mnist.cli;

import io.jgrad.examples.mnist.report.TrainingLog;
import io.jgrad.examples.mnist.train.Checkpoint;
import io.jgrad.examples.mnist.train.ProgressReporter;
import io.jgrad.examples.mnist.train.TrainConfig;
import io.jgrad.examples.mnist.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: trains a registered model with its recipe, a config file and flags. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a registered model on MNIST.",
      "Settings come from the model's recipe, then --config FILE.json, then these flags."
    })
public final class TrainCommand implements Callable<Integer> {
  private final PrintStream out;

  @Spec CommandSpec spec;

  @Mixin TrainOptions options;

  @Option(
      names = "--config",
      paramLabel = "FILE.json",
      description = "JSON file with train options as keys, e.g. {\"epochs\": 20, \"lr\": 0.05}.")
  Path config;

  /** A command printing to {@code out}. */
  public TrainCommand(PrintStream out) {
    this.out = out;
  }

  /** Resolves the configuration from the parsed command line. */
  TrainConfig resolve() {
    Map<String, String> cli =
        ConfigResolver.matched(spec.commandLine().getParseResult(), ConfigResolver.knownKeys());
    return ConfigResolver.resolve(cli, config, Checkpoint::readConfig);
  }

  @Override
  public Integer call() throws Exception {
    TrainConfig cfg = resolve();
    Trainer trainer = new Trainer(cfg, out, ProgressReporter.forConsole(out));
    TrainingLog log = trainer.run();
    if (!log.epochs().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "best test accuracy %.2f%% at epoch %d; metrics, curves and checkpoints in %s%n",
          log.bestTestAcc(),
          log.bestEpoch(),
          cfg.out());
    }
    return 0;
  }
}
