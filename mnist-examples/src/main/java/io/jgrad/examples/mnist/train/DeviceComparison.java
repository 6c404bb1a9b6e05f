package io.jgrad.examples.mnist.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jgrad.examples.mnist.cli.ConfigResolver;
import io.jgrad.examples.mnist.report.EpochRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training part of {@code gpu-check.sh}: one epoch of MNIST on the GPU and the same epoch on
 * the CPU with the same seed, compared batch by batch, then a short throughput run of the training
 * step on the GPU. Usage: {@code DeviceComparison DATA_DIR OUT_DIR [TRAIN_LIMIT [DEVICE]]}, where
 * DEVICE (default {@code cuda}) stands in for the GPU (the bundle's rehearsal passes {@code cpu} to
 * exercise the machinery on a machine without a GPU). Prints one line per part ({@code PASS|FAIL
 * name: figures}), writes every per-batch loss to {@code OUT_DIR/training.json}, and exits 1 when a
 * part failed.
 *
 * <p>The bars: the GPU run reaches at least {@value #MIN_ACCURACY}% test accuracy (the CPU run of
 * the same settings on 10,000 images reaches 97.4%, see {@code CudaTrainingTest}); the two test
 * accuracies differ by at most {@value #MAX_ACC_GAP} points; the first {@value #EARLY} batch losses
 * agree within a relative {@value #EARLY_REL} (same weights, same data: only float rounding
 * differs, and it has had few steps to grow); and the epoch's mean training losses agree within a
 * relative {@value #MEAN_REL}. Later single batches are reported, not judged: rounding differences
 * grow over hundreds of SGD steps, as they do between any two BLAS libraries.
 */
public final class DeviceComparison {
  static final double MIN_ACCURACY = 97.0;
  static final double MAX_ACC_GAP = 0.5;
  static final int EARLY = 10;
  static final double EARLY_REL = 1e-2;
  static final double MEAN_REL = 0.05;

  private DeviceComparison() {}

  /** The running mean loss after every batch, as the trainer reports it. */
  static final class Recorder implements ProgressReporter {
    final List<Double> runningMeans = new ArrayList<>();

    @Override
    public void start(int epoch, int epochs, int totalBatches, int startBatch) {}

    @Override
    public void update(int batchesDone, double loss, double accuracy) {
      runningMeans.add(loss);
    }

    @Override
    public void finish() {}
  }

  /** One finished run. */
  record Run(String device, List<Double> batchLosses, EpochRecord epoch) {}

  /**
   * The settings of the comparison ({@code CudaTrainingTest}'s net7840 recipe): one epoch, batch
   * {@code batch}, SGD with a short one-cycle schedule, no dropout or rotation, seed 1.
   */
  static Map<String, String> settings(Path data, Path out, String device, int limit, int batch) {
    Map<String, String> m = new LinkedHashMap<>();
    String[] kv = {
      "model",
      "net7840",
      "epochs",
      "1",
      "batch-size",
      Integer.toString(batch),
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
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    m.put("train-limit", Integer.toString(limit));
    m.put("device", device);
    m.put("data", data.toString());
    m.put("out", out.toString());
    m.put("threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    return m;
  }

  static Run train(Map<String, String> settings) throws IOException {
    TrainConfig cfg = ConfigResolver.resolve(settings, null, Checkpoint::readConfig);
    Recorder rec = new Recorder();
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    EpochRecord e = new Trainer(cfg, quiet, rec).run().epochs().get(0);
    int images = RunEnvironment.load(cfg.data(), true, cfg.trainLimit()).size();
    return new Run(cfg.device(), batchLosses(rec.runningMeans, cfg.batchSize(), images), e);
  }

  /**
   * Per-batch losses from the running means of an epoch of {@code images} images: after batch k the
   * trainer has seen {@code min((k+1) * batch, images)} images, so batch k's loss is {@code (mean_k
   * * seen_k - mean_(k-1) * seen_(k-1)) / (seen_k - seen_(k-1))}.
   */
  static List<Double> batchLosses(List<Double> runningMeans, int batch, int images) {
    List<Double> out = new ArrayList<>();
    double prevSum = 0;
    long prevSeen = 0;
    for (int k = 0; k < runningMeans.size(); k++) {
      long seen = Math.min((long) (k + 1) * batch, images);
      double sum = runningMeans.get(k) * seen;
      out.add((sum - prevSum) / (seen - prevSeen));
      prevSum = sum;
      prevSeen = seen;
    }
    return out;
  }

  /** A judged part: its verdict and its figures. */
  record Part(String name, boolean pass, String figures) {
    String line() {
      return (pass ? "PASS " : "FAIL ") + name + ": " + figures;
    }
  }

  /** The comparison of a GPU and a CPU run of the same settings. */
  static List<Part> compare(Run gpu, Run cpu) {
    List<Part> parts = new ArrayList<>();
    double gAcc = gpu.epoch().testAcc();
    double cAcc = cpu.epoch().testAcc();
    parts.add(
        new Part(
            "accuracy",
            gAcc >= MIN_ACCURACY && Math.abs(gAcc - cAcc) <= MAX_ACC_GAP,
            fmt(
                "gpu %.2f%%, cpu %.2f%% (bar: gpu >= %.1f%%, gap <= %.1f)",
                gAcc, cAcc, MIN_ACCURACY, MAX_ACC_GAP)));
    List<Double> g = gpu.batchLosses();
    List<Double> c = cpu.batchLosses();
    boolean same = g.size() == c.size() && !g.isEmpty();
    double early = 0;
    double worst = 0;
    int worstAt = 0;
    for (int k = 0; same && k < g.size(); k++) {
      double d = Math.abs(g.get(k) - c.get(k));
      if (k < EARLY) {
        early = Math.max(early, d / Math.max(1e-12, Math.abs(c.get(k))));
      }
      if (!(d <= worst)) {
        worst = d;
        worstAt = k + 1;
      }
    }
    double gMean = gpu.epoch().trainLoss();
    double cMean = cpu.epoch().trainLoss();
    double meanRel = Math.abs(gMean - cMean) / Math.max(1e-12, Math.abs(cMean));
    parts.add(
        new Part(
            "batch losses",
            same && early <= EARLY_REL && meanRel <= MEAN_REL,
            fmt(
                "%d vs %d batches; first %d: max rel diff %.2e (bar %.0e); epoch mean gpu %.5f"
                    + " cpu %.5f, rel diff %.2e (bar %.2f); largest single diff %.4f%s",
                g.size(),
                c.size(),
                EARLY,
                early,
                EARLY_REL,
                gMean,
                cMean,
                meanRel,
                MEAN_REL,
                worst,
                worstAt > 0 ? " at batch " + worstAt : " (none)")));
    return parts;
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }

  /** Runs the comparison and the throughput run; see the class comment. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: DeviceComparison DATA_DIR OUT_DIR [TRAIN_LIMIT [DEVICE]]");
      System.exit(2);
    }
    Path data = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int limit = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    String device = args.length > 3 ? args[3] : "cuda";
    Run gpu = train(settings(data, out.resolve("gpu"), device, limit, 32));
    Run cpu = train(settings(data, out.resolve("cpu"), "cpu", limit, 32));
    List<Part> parts = new ArrayList<>(compare(gpu, cpu));
    parts.add(
        new Part(
            "epoch time",
            true,
            fmt(
                "gpu %.1f s (%.0f train images/s), cpu %.1f s (%.0f train images/s), batch 32",
                gpu.epoch().seconds(),
                gpu.epoch().trainImagesPerSec(),
                cpu.epoch().seconds(),
                cpu.epoch().trainImagesPerSec())));
    Run fast = train(settings(data, out.resolve("throughput"), device, limit, 256));
    parts.add(
        new Part(
            "gpu throughput",
            fast.epoch().trainImagesPerSec() > 0,
            fmt(
                "%.0f train images/s at batch 256 (one epoch, net7840, incl. data loading)",
                fast.epoch().trainImagesPerSec())));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("parts", parts.stream().map(Part::line).toList());
    json.put("gpu", gpu);
    json.put("cpu", cpu);
    json.put("throughput", fast.epoch());
    Files.createDirectories(out);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("training.json").toFile(), json);
    boolean ok = true;
    for (Part p : parts) {
      System.out.println(p.line());
      ok &= p.pass();
    }
    System.exit(ok ? 0 : 1);
  }
}
