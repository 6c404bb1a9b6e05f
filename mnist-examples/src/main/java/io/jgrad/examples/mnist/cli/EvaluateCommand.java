package io.jgrad.examples.mnist.cli;

import io.jgrad.Device;
import io.jgrad.examples.mnist.data.MnistDataset;
import io.jgrad.examples.mnist.models.Models;
import io.jgrad.examples.mnist.report.ConfusionMatrix;
import io.jgrad.examples.mnist.report.ConfusionPlot;
import io.jgrad.examples.mnist.report.MisclassifiedGrid;
import io.jgrad.examples.mnist.train.Checkpoint;
import io.jgrad.examples.mnist.train.Evaluator;
import io.jgrad.examples.mnist.train.RunEnvironment;
import io.jgrad.nn.Module;
import io.jgrad.nn.data.DataLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evaluate CHECKPOINT}: test accuracy, the confusion matrix (printed and {@code
 * confusion.png}) and a grid of misclassified test images ({@code misclassified.png}); with {@code
 * --train} the same on the training set ({@code *-train.png}).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Evaluate a checkpoint: accuracy, confusion matrix, misclassified images.")
public final class EvaluateCommand implements Callable<Integer> {
  private final PrintStream out;

  @Parameters(paramLabel = "CHECKPOINT", description = "A checkpoint written by `train`.")
  Path checkpoint;

  @Option(names = "--data", paramLabel = "DIR", description = "MNIST folder (default: cache).")
  Path data;

  @Option(names = "--train", description = "Also evaluate on the training set.")
  boolean train;

  @Option(names = "--test-limit", paramLabel = "N", description = "First N test images only.")
  int testLimit;

  @Option(names = "--train-limit", paramLabel = "N", description = "First N training images only.")
  int trainLimit;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to write the images (default: the checkpoint's folder).")
  Path outDir;

  @Option(
      names = "--grid",
      paramLabel = "N",
      defaultValue = "100",
      description = "Misclassified images shown at most (default: ${DEFAULT-VALUE}).")
  int grid;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda.")
  String device;

  @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all).")
  Integer threads;

  /** A command printing to {@code out}. */
  public EvaluateCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    if (grid < 1) {
      throw new ConfigException("--grid: must be >= 1, got " + grid);
    }
    Checkpoint.Contents c = Checkpoint.read(checkpoint);
    Module model = Models.create(c.model(), 0, 0);
    model.loadStateDict(c.modelState());
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    Device d = RunEnvironment.device(device, n);
    model.to(d);
    model.eval();
    Path dir =
        outDir != null
            ? outDir
            : checkpoint.toAbsolutePath().getParent() != null
                ? checkpoint.toAbsolutePath().getParent()
                : Path.of(".");
    RunEnvironment.outputDir(dir);
    Path dataDir = RunEnvironment.dataDir(data);
    out.printf(
        Locale.ROOT,
        "%s (%,d parameters) from %s, epoch %s%n",
        c.model(),
        model.numParameters(),
        checkpoint,
        c.metadata().getOrDefault("epoch", "?"));
    split(model, d, RunEnvironment.load(dataDir, false, testLimit), "test", dir, "");
    if (train) {
      split(model, d, RunEnvironment.load(dataDir, true, trainLimit), "train", dir, "-train");
    }
    return 0;
  }

  private void split(
      Module model, Device d, MnistDataset set, String name, Path dir, String suffix) {
    ConfusionMatrix cm = new ConfusionMatrix(10);
    MisclassifiedGrid wrong = new MisclassifiedGrid(grid);
    Evaluator.Result r;
    try (DataLoader loader = set.loader().batchSize(Evaluator.BATCH).device(d).build()) {
      r =
          Evaluator.evaluate(
              model,
              loader,
              (batch, pred) -> {
                cm.addAll(batch.labels(), pred);
                for (int i = 0; i < pred.length; i++) {
                  if (pred[i] != batch.labels()[i]) {
                    int idx = batch.indices()[i];
                    wrong.offer(
                        new MisclassifiedGrid.Sample(
                            set.image(idx),
                            set.rows(),
                            set.cols(),
                            batch.labels()[i],
                            pred[i],
                            idx));
                  }
                }
              });
    }
    out.printf(
        Locale.ROOT,
        "%s: accuracy %.2f%% (%d / %d), loss %.4f, %d misclassified%n",
        name,
        r.accuracy(),
        r.correct(),
        r.total(),
        r.loss(),
        r.total() - r.correct());
    out.print(cm.format());
    Path confusion = dir.resolve("confusion" + suffix + ".png");
    Path gridFile = dir.resolve("misclassified" + suffix + ".png");
    ConfusionPlot.save(cm, name + " set confusion matrix", confusion);
    wrong.save("misclassified " + name + " images", gridFile);
    out.println("wrote " + confusion + " and " + gridFile);
  }
}
