package io.jgrad.examples.mnist.train;

import io.jgrad.Device;
import io.jgrad.Tensor;
import io.jgrad.autograd.ActivationRelease;
import io.jgrad.autograd.GradMode;
import io.jgrad.examples.mnist.data.MnistDataset;
import io.jgrad.examples.mnist.models.Models;
import io.jgrad.examples.mnist.report.AtomicFiles;
import io.jgrad.examples.mnist.report.CurvesPlot;
import io.jgrad.examples.mnist.report.EpochRecord;
import io.jgrad.examples.mnist.report.TrainingLog;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;
import io.jgrad.nn.data.Batch;
import io.jgrad.nn.data.BatchIterator;
import io.jgrad.nn.data.DataLoader;
import io.jgrad.nn.data.transforms.RandomRotation;
import io.jgrad.nn.optim.Optimizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains a registered model as a {@link TrainConfig} says: per batch a progress report, per epoch
 * one line, {@code metrics.json}, {@code curves.png}, {@code last.safetensors} and (when the test
 * accuracy improves) {@code best.safetensors} in the output folder. A checkpoint holds everything
 * needed to continue bit for bit with {@code --resume}.
 */
public final class Trainer {
  private final TrainConfig cfg;
  private final PrintStream out;
  private final ProgressReporter progress;
  private int stopAfterBatches = -1;
  private boolean releaseActivations = true;
  private boolean interrupted;

  /** A trainer printing to {@code out}, showing batch progress with {@code progress}. */
  public Trainer(TrainConfig cfg, PrintStream out, ProgressReporter progress) {
    this.cfg = cfg;
    this.out = out;
    this.progress = progress;
  }

  /** Stops (as if killed) after {@code n} batches of this session; for tests of resuming. */
  public Trainer stopAfterBatches(int n) {
    this.stopAfterBatches = n;
    return this;
  }

  /**
   * Whether backward frees each step's activations ({@link ActivationRelease}; on by default). Off,
   * they stay until the garbage collector takes them: the same results, more memory; for tests.
   */
  Trainer releaseActivations(boolean on) {
    this.releaseActivations = on;
    return this;
  }

  /** Whether the last {@link #run()} stopped early through {@link #stopAfterBatches}. */
  public boolean interrupted() {
    return interrupted;
  }

  /** The checkpoint written after every epoch. */
  public Path lastCheckpoint() {
    return cfg.out().resolve("last.safetensors");
  }

  /** The checkpoint of the epoch with the best test accuracy. */
  public Path bestCheckpoint() {
    return cfg.out().resolve("best.safetensors");
  }

  /**
   * Runs the training.
   *
   * @return the metrics of every epoch so far
   * @throws NonFiniteLossException when the loss or the parameters become NaN or infinite
   */
  public TrainingLog run() throws IOException {
    Device device = RunEnvironment.device(cfg.device(), cfg.threads());
    RunEnvironment.outputDir(cfg.out());
    Path dataDir = RunEnvironment.dataDir(cfg.data());
    MnistDataset trainSet = RunEnvironment.load(dataDir, true, cfg.trainLimit());
    MnistDataset testSet = RunEnvironment.load(dataDir, false, cfg.testLimit());
    Module model = Models.create(cfg.model(), cfg.dropout(), cfg.seed());
    model.to(device);
    DataLoader.Builder tb =
        trainSet
            .loader()
            .batchSize(cfg.batchSize())
            .shuffle(true)
            .seed(cfg.seed())
            .device(device)
            .workers(cfg.workers())
            .rotateOnDevice(!device.equals(Device.CPU));
    if (cfg.rotation() > 0) {
      tb.transform(MnistDataset.transform(new RandomRotation(cfg.rotation())));
    }
    try (DataLoader train = tb.build();
        DataLoader test = testSet.loader().batchSize(Evaluator.BATCH).device(device).build()) {
      Optimizer opt = Optimizers.create(cfg.optim(), model.parameters());
      LrSchedule sched =
          LrSchedule.create(cfg.schedule(), cfg.optim(), opt, cfg.epochs(), train.numBatches());
      TrainingLog log = new TrainingLog(cfg.model(), model.numParameters(), device.toString());
      Checkpoint.Position pos = new Checkpoint.Position(0, 0, 0, 0, 0, 0);
      if (cfg.resume() != null) {
        Checkpoint.Contents c = Checkpoint.read(cfg.resume());
        try {
          Checkpoint.restore(c, model, opt, sched);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "--resume "
                  + cfg.resume()
                  + ": cannot continue with these settings: "
                  + e.getMessage(),
              e);
        }
        pos = c.position();
        if (c.metadata().containsKey("metrics")) {
          log = TrainingLog.fromJson(c.metadata().get("metrics"), cfg.resume().toString());
          log.truncate(pos.epoch());
        }
        out.printf(
            Locale.ROOT,
            "resuming %s at epoch %d, batch %d%n",
            cfg.resume(),
            pos.epoch() + 1,
            pos.nextBatch() + 1);
      }
      out.println(header(model, device, trainSet, testSet));
      writeConfig();
      if (pos.epoch() >= cfg.epochs()) {
        out.printf(
            Locale.ROOT,
            "the checkpoint has finished all %d epochs; pass --epochs N (N > %d) to train on%n",
            pos.epoch(),
            pos.epoch());
      }
      runEpochs(model, opt, sched, train, test, log, pos);
      return log;
    }
  }

  /** Saves the resolved options as {@code config.json}, reusable with {@code --config}. */
  private void writeConfig() {
    AtomicFiles.writeString(cfg.out().resolve("config.json"), cfg.toJson());
  }

  private String header(Module model, Device device, MnistDataset train, MnistDataset test) {
    return String.format(
        Locale.ROOT,
        "%s: %,d parameters | %s, %d thread%s | train %d, test %d images | %s lr %s, schedule %s"
            + " | batch %d, dropout %s, rotation %s, seed %d | out %s",
        cfg.model(),
        model.numParameters(),
        device,
        cfg.threads(),
        cfg.threads() == 1 ? "" : "s",
        train.size(),
        test.size(),
        cfg.optim().name(),
        cfg.optim().lr(),
        cfg.schedule().name(),
        cfg.batchSize(),
        cfg.dropout(),
        cfg.rotation(),
        cfg.seed(),
        cfg.out());
  }

  @SuppressWarnings("try") // the activation-release scope is used only for its close()
  private void runEpochs(
      Module model,
      Optimizer opt,
      LrSchedule sched,
      DataLoader train,
      DataLoader test,
      TrainingLog log,
      Checkpoint.Position start)
      throws IOException {
    Checkpoint.Position pos = start;
    int sessionBatches = 0;
    String lastGood = cfg.resume() != null ? cfg.resume().toString() : null;
    for (int e = pos.epoch(); e < cfg.epochs(); e++) {
      int epoch = e + 1;
      int total = train.numBatches();
      double lossSum = pos.lossSum();
      long correct = pos.correct();
      long seen = pos.seen();
      double priorSeconds = pos.seconds();
      long t0 = System.nanoTime();
      model.train();
      progress.start(epoch, cfg.epochs(), total, pos.nextBatch());
      try (BatchIterator it = train.epoch(e, pos.nextBatch())) {
        while (it.hasNext()) {
          int k = it.nextBatchIndex();
          // Backward frees the step's activations into the backend's pool, so everything read
          // from them (the loss, the predictions) is read before it.
          try (Batch b = it.next();
              GradMode.Scope release = releaseActivations ? ActivationRelease.enable() : () -> {}) {
            opt.zeroGrad();
            Tensor logp = model.call(b.images());
            Tensor loss = Functional.nllLoss(logp, b.labels());
            double lv = loss.item();
            NanGuard.checkLoss(lv, epoch, k + 1, sched.lr(), lastGood);
            int[] predicted = Predictions.argmax(logp);
            loss.backward();
            opt.step();
            sched.afterBatch();
            lossSum += lv * b.size();
            correct += Predictions.countCorrect(predicted, b.labels());
            seen += b.size();
          }
          progress.update(k + 1, lossSum / seen, 100.0 * correct / seen);
          sessionBatches++;
          boolean more = k + 1 < total;
          boolean stop = sessionBatches == stopAfterBatches && more;
          if (more && cfg.checkpointEvery() > 0 && (k + 1) % cfg.checkpointEvery() == 0 || stop) {
            NanGuard.checkParameters(model, epoch, k + 1);
            double secs = priorSeconds + (System.nanoTime() - t0) / 1e9;
            Checkpoint.Position mid =
                new Checkpoint.Position(e, k + 1, lossSum, correct, seen, secs);
            Checkpoint.save(lastCheckpoint(), cfg, model, opt, sched, mid, log.toJson());
            lastGood = lastCheckpoint().toString();
          }
          if (stop) {
            progress.finish();
            interrupted = true;
            return;
          }
        }
      }
      progress.finish();
      double trainSeconds = priorSeconds + (System.nanoTime() - t0) / 1e9;
      Evaluator.Result r = Evaluator.evaluate(model, test, null);
      double seconds = priorSeconds + (System.nanoTime() - t0) / 1e9;
      double lr = sched.lr();
      sched.afterEpoch(r.loss());
      double bestBefore = log.epochs().isEmpty() ? Double.NEGATIVE_INFINITY : log.bestTestAcc();
      log.add(
          new EpochRecord(
              epoch,
              lossSum / seen,
              100.0 * correct / seen,
              r.loss(),
              r.accuracy(),
              lr,
              seconds,
              seen / trainSeconds));
      out.println(epochLine(epoch, log));
      NanGuard.checkParameters(model, epoch, total);
      pos = new Checkpoint.Position(epoch, 0, 0, 0, 0, 0);
      String json = log.toJson();
      log.write(cfg.out().resolve("metrics.json"));
      Checkpoint.save(lastCheckpoint(), cfg, model, opt, sched, pos, json);
      lastGood = lastCheckpoint().toString();
      if (r.accuracy() > bestBefore) {
        Checkpoint.save(bestCheckpoint(), cfg, model, opt, sched, pos, json);
      }
      if (ModuleLayer.boot().findModule("java.desktop").isPresent()) {
        // A runtime without AWT (the GPU-check bundle's jlink image) trains without the plot.
        CurvesPlot.save(log, cfg.out().resolve("curves.png"));
      }
    }
    interrupted = false;
  }

  private String epochLine(int epoch, TrainingLog log) {
    EpochRecord r = log.epochs().get(log.epochs().size() - 1);
    return String.format(
        Locale.ROOT,
        "epoch %d/%d  train loss %.4f acc %.2f%%  test loss %.4f acc %.2f%%  lr %s  %.1fs",
        epoch,
        cfg.epochs(),
        r.trainLoss(),
        r.trainAcc(),
        r.testLoss(),
        r.testAcc(),
        formatLr(r.lr()),
        r.seconds());
  }

  /** A learning rate as {@code 0.0100}, or {@code 4.00e-05} when small. */
  public static String formatLr(double lr) {
    return lr >= 1e-3
        ? String.format(Locale.ROOT, "%.4f", lr)
        : String.format(Locale.ROOT, "%.2e", lr);
  }
}
