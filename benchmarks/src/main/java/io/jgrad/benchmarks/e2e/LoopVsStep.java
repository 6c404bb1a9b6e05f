package io.jgrad.benchmarks.e2e;

import io.jgrad.backend.cpu.Parallel;
import io.jgrad.benchmarks.support.BenchBackends;
import io.jgrad.examples.mnist.cli.ConfigResolver;
import io.jgrad.examples.mnist.report.EpochRecord;
import io.jgrad.examples.mnist.train.Checkpoint;
import io.jgrad.examples.mnist.train.ProgressReporter;
import io.jgrad.examples.mnist.train.RunEnvironment;
import io.jgrad.examples.mnist.train.TrainConfig;
import io.jgrad.examples.mnist.train.Trainer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real training loop against the benchmark's step, in one JVM: a whole epoch of {@code train}
 * with the model's recipe (its dropout, rotation, data loader and schedule; 60,000 images and the
 * evaluation of 10,000) alternates with as many steps of {@link TrainingRig} at the recipe's
 * dropout and batch (a fixed batch, what {@code TrainStepBench} runs), in pairs whose order flips,
 * so that the host's drifts fall on both sides and the JIT's state is the same for both. Prints
 * each pair's images/s (the epoch's with and without its evaluation) and the medians of the ratios;
 * the side-by-side script compares the same two things across separate JVMs.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * io.jgrad.benchmarks.e2e.LoopVsStep}. Options (defaults): {@code --model net7840 --threads 2
 * --pairs 5 --warmup-seconds 20 --data DIR} (the MNIST folder; default the program's cache, which
 * {@code train} fills) {@code --train-limit 0} (all images) {@code --rotation DEGREES} (default the
 * recipe's; 0 shows what the loader's rotation costs the loop).
 */
public final class LoopVsStep {
  private LoopVsStep() {}

  /** Parses the options, warms up, alternates and prints. */
  public static void main(String[] args) throws IOException {
    Map<String, String> o = options(args);
    Path out = Files.createTempDirectory("jgrad-loop-vs-step");
    TrainConfig cfg = config(o, out);
    int threads = cfg.threads();
    TrainingRig rig =
        new TrainingRig(cfg.model(), cfg.dropout(), BenchBackends.resolve("cpu"), cfg.batchSize());
    long warmEnd = System.nanoTime() + (long) (Double.parseDouble(o.get("warmup-seconds")) * 1e9);
    int images =
        RunEnvironment.load(RunEnvironment.dataDir(cfg.data()), true, cfg.trainLimit()).size();
    int steps = (images + cfg.batchSize() - 1) / cfg.batchSize();
    epoch(cfg);
    while (System.nanoTime() < warmEnd) {
      stepRate(rig, 50, threads);
    }
    int pairs = Integer.parseInt(o.get("pairs"));
    List<Double> withEval = new ArrayList<>();
    List<Double> trainOnly = new ArrayList<>();
    List<Double> epochRates = new ArrayList<>();
    List<Double> stepRates = new ArrayList<>();
    System.out.println(
        StepBreakdown.f(
            "LoopVsStep: %s, recipe dropout %s, rotation %s, batch %d, %d threads, %d pairs of"
                + " (one epoch, %d steps), Java %s",
            cfg.model(),
            cfg.dropout(),
            cfg.rotation(),
            cfg.batchSize(),
            threads,
            pairs,
            steps,
            System.getProperty("java.version")));
    for (int k = 0; k < pairs; k++) {
      EpochRecord e = null;
      double step = 0;
      for (int side = 0; side < 2; side++) {
        if ((k + side) % 2 == 0) {
          e = epoch(cfg);
        } else {
          step = stepRate(rig, steps, threads);
        }
      }
      double epochRate = images / e.seconds();
      epochRates.add(epochRate);
      stepRates.add(step);
      withEval.add(epochRate / step);
      trainOnly.add(e.trainImagesPerSec() / step);
      System.out.println(
          StepBreakdown.f(
              "pair %d: epoch %.0f images/s with evaluation (%.2f s), %.0f without; step %.0f"
                  + " images/s; epoch/step %.3f, without evaluation %.3f",
              k + 1,
              epochRate,
              e.seconds(),
              e.trainImagesPerSec(),
              step,
              withEval.get(k),
              trainOnly.get(k)));
    }
    System.out.println(
        StepBreakdown.f(
            "median epoch/step: %.3f with evaluation, %.3f without (range %.3f-%.3f, %.3f-%.3f);"
                + " median images/s: epoch %.0f, step %.0f",
            StepBreakdown.median(withEval),
            StepBreakdown.median(trainOnly),
            Collections.min(withEval),
            Collections.max(withEval),
            Collections.min(trainOnly),
            Collections.max(trainOnly),
            StepBreakdown.median(epochRates),
            StepBreakdown.median(stepRates)));
  }

  private static EpochRecord epoch(TrainConfig cfg) throws IOException {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    return new Trainer(cfg, quiet, ProgressReporter.silent()).run().epochs().get(0);
  }

  /** Images/s of {@code steps} training steps at {@code threads} threads. */
  private static double stepRate(TrainingRig rig, int steps, int threads) {
    Parallel.setThreads(threads);
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      rig.trainStep();
    }
    return (double) steps * rig.batch() / ((System.nanoTime() - t0) / 1e9);
  }

  private static TrainConfig config(Map<String, String> o, Path out) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model", o.get("model"));
    m.put("epochs", "1");
    m.put("threads", o.get("threads"));
    m.put("train-limit", o.get("train-limit"));
    m.put("out", out.toString());
    for (String key : new String[] {"data", "rotation"}) {
      if (!o.get(key).isEmpty()) {
        m.put(key, o.get(key));
      }
    }
    return ConfigResolver.resolve(m, null, Checkpoint::readConfig);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("model", "net7840");
    o.put("threads", "2");
    o.put("pairs", "5");
    o.put("warmup-seconds", "20");
    o.put("train-limit", "0");
    o.put("data", "");
    o.put("rotation", "");
    return StepBreakdown.parseOptions("LoopVsStep", o, args);
  }
}
