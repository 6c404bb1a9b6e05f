package io.jgrad.examples.mnist.cli;

import io.jgrad.examples.mnist.models.ChainStep;
import io.jgrad.examples.mnist.models.Chains;
import io.jgrad.examples.mnist.report.AtomicFiles;
import io.jgrad.examples.mnist.report.ExperimentTable;
import io.jgrad.examples.mnist.report.TrainingLog;
import io.jgrad.examples.mnist.train.Checkpoint;
import io.jgrad.examples.mnist.train.ProgressReporter;
import io.jgrad.examples.mnist.train.TrainConfig;
import io.jgrad.examples.mnist.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code experiments CHAIN}: trains every step of a chain (each with the recipe its write-up gives
 * and the step's changes; train flags given here apply to every step) and prints the summary table
 * with the published figure of every step beside ours.
 */
@Command(
    name = "experiments",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train every step of an experiment chain and print a summary table.",
      "Train options given here (e.g. --epochs 3 --train-limit 5000) apply to every step."
    })
public final class ExperimentsCommand implements Callable<Integer> {
  private final PrintStream out;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "CHAIN", description = "A chain: chain5308, chain9060 or chain7826.")
  String chain;

  @Mixin TrainOptions options;

  /** A command printing to {@code out}. */
  public ExperimentsCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    List<ChainStep> steps;
    try {
      steps = Chains.require(chain);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    Map<String, String> user =
        ConfigResolver.matched(spec.commandLine().getParseResult(), ConfigResolver.knownKeys());
    if (user.containsKey("model") || user.containsKey("resume") || user.containsKey("recipe")) {
      throw new ConfigException(
          "experiments: --model, --recipe and --resume do not apply; each step names its own"
              + " model and recipe");
    }
    Path base =
        user.containsKey("out")
            ? Path.of(user.get("out"))
            : Path.of(
                "runs",
                chain
                    + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    ExperimentTable table = new ExperimentTable();
    for (ChainStep s : steps) {
      Map<String, String> cli = new LinkedHashMap<>(s.overrides());
      cli.putAll(user);
      cli.put("model", s.model());
      cli.put("recipe", s.recipe());
      cli.put("out", base.resolve(String.format("step%02d-%s", s.step(), s.model())).toString());
      TrainConfig cfg = ConfigResolver.resolve(cli, null, Checkpoint::readConfig);
      out.printf("%n== step %d/%d: %s (%s) ==%n", s.step(), steps.size(), s.title(), s.model());
      long t0 = System.nanoTime();
      TrainingLog log = new Trainer(cfg, out, ProgressReporter.forConsole(out)).run();
      double secs = (System.nanoTime() - t0) / 1e9;
      table.add(ExperimentTable.row(s.step(), s.title(), s.target(), s.published(), log, secs));
      AtomicFiles.writeString(base.resolve("summary.txt"), table.format());
    }
    out.println();
    out.print(table.format());
    out.println("table saved to " + base.resolve("summary.txt"));
    return 0;
  }
}
