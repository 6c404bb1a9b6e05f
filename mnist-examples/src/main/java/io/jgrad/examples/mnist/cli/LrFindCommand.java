package io.jgrad.examples.mnist.cli;

import io.jgrad.Device;
import io.jgrad.Tensor;
import io.jgrad.examples.mnist.models.Models;
import io.jgrad.examples.mnist.report.LrFindPlot;
import io.jgrad.examples.mnist.train.Checkpoint;
import io.jgrad.examples.mnist.train.Optimizers;
import io.jgrad.examples.mnist.train.RunEnvironment;
import io.jgrad.examples.mnist.train.TrainConfig;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;
import io.jgrad.nn.data.Batch;
import io.jgrad.nn.data.BatchIterator;
import io.jgrad.nn.data.DataLoader;
import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.lr.LrRangeFinder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lr-find MODEL}: the learning-rate range test. The learning rate grows exponentially over a
 * number of training steps; the suggestion is where the smoothed loss falls fastest. The model uses
 * its recipe's optimizer and batch size unless flags say otherwise.
 */
@Command(
    name = "lr-find",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Run the LR range test for a model and save lr-find.png.")
public final class LrFindCommand implements Callable<Integer> {
  private final PrintStream out;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = "A registered model (see `models`).")
  String model;

  @Option(names = "--start-lr", defaultValue = "1e-7", description = "First LR (default 1e-7).")
  double startLr;

  @Option(names = "--end-lr", defaultValue = "10", description = "Last LR (default 10).")
  double endLr;

  @Option(
      names = "--iterations",
      defaultValue = "100",
      description = "Training steps of the sweep (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Mixin TrainOptions options;

  /** A command printing to {@code out}. */
  public LrFindCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> cli =
        ConfigResolver.matched(spec.commandLine().getParseResult(), ConfigResolver.knownKeys());
    cli.put("model", model);
    TrainConfig cfg = ConfigResolver.resolve(cli, null, Checkpoint::readConfig);
    LrRangeFinder finder;
    Module net = Models.create(cfg.model(), cfg.dropout(), cfg.seed());
    Device d = RunEnvironment.device(cfg.device(), cfg.threads());
    net.to(d);
    Optimizer opt = Optimizers.create(cfg.optim(), net.parameters());
    try {
      finder = new LrRangeFinder(net, opt).range(startLr, endLr, iterations);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("lr-find: " + e.getMessage(), e);
    }
    Path dir = RunEnvironment.outputDir(cfg.out());
    Path dataDir = RunEnvironment.dataDir(cfg.data());
    var train = RunEnvironment.load(dataDir, true, cfg.trainLimit());
    LrRangeFinder.Result r;
    try (DataLoader loader =
        train
            .loader()
            .batchSize(cfg.batchSize())
            .shuffle(true)
            .seed(cfg.seed())
            .device(d)
            .workers(cfg.workers())
            .build()) {
      BatchSource src = new BatchSource(loader);
      r =
          finder.run(
              () -> {
                try (Batch b = src.next()) {
                  Tensor loss = Functional.nllLoss(net.call(b.images()), b.labels());
                  double v = loss.item();
                  if (Double.isFinite(v)) {
                    loss.backward();
                  }
                  return v;
                }
              });
      src.close();
    }
    out.printf(
        Locale.ROOT,
        "%s: LR range test, %d steps, batch %d, %s%n",
        cfg.model(),
        r.lrs().length,
        cfg.batchSize(),
        cfg.optim().name());
    out.printf(Locale.ROOT, "%12s %10s %10s%n", "lr", "loss", "smoothed");
    int every = Math.max(1, r.lrs().length / 20);
    for (int i = 0; i < r.lrs().length; i += every) {
      out.printf(
          Locale.ROOT, "%12.3e %10.4f %10.4f%n", r.lrs()[i], r.losses()[i], r.smoothedLosses()[i]);
    }
    if (r.diverged()) {
      out.println("the loss diverged; the sweep stopped early");
    }
    out.println(
        r.hasSuggestion()
            ? String.format(
                Locale.ROOT, "suggested lr: %.3e (steepest loss descent)", r.suggestion())
            : "no suggestion: too few points; raise --iterations");
    Path png = dir.resolve("lr-find.png");
    LrFindPlot.save(cfg.model(), r.lrs(), r.smoothedLosses(), r.suggestion(), png);
    out.println("wrote " + png);
    return 0;
  }

  /** Batches without end: epoch after epoch of the loader. */
  private static final class BatchSource implements AutoCloseable {
    private final DataLoader loader;
    private int epoch;
    private BatchIterator it;

    BatchSource(DataLoader loader) {
      this.loader = loader;
      this.it = loader.epoch(0);
    }

    Batch next() {
      if (!it.hasNext()) {
        it.close();
        it = loader.epoch(++epoch);
      }
      return it.next();
    }

    @Override
    public void close() {
      it.close();
    }
  }
}
