package io.jgrad.benchmarks.e2e;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cpu.Parallel;
import io.jgrad.backend.params.SgdParams;
import io.jgrad.benchmarks.e2e.NetworkProfile.Layer;
import io.jgrad.benchmarks.support.BenchBackends;
import io.jgrad.benchmarks.support.Inputs;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time of one training step goes: a plain program (not JMH) that trains a registered
 * network on random batches and prints
 *
 * <ul>
 *   <li>the step time, images/s, the dense FLOPs per image (forward multiply-adds x2, backward
 *       about twice that) and the GFLOP/s achieved, against {@code --peak-gflops} when given;
 *   <li>the phases of the step (zero grad, forward, loss, backward, optimizer) as measured inside
 *       real steps, and each layer's forward time under autograd (from forward hooks);
 *   <li>every kernel of the step timed in isolation with the layer's exact shapes (median of {@code
 *       --reps} calls), its GFLOP/s, and the gap between the kernels' sum and the step (autograd
 *       bookkeeping, allocation, garbage collection).
 * </ul>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.jgrad.benchmarks.e2e.StepBreakdown
 * --model net7840 --threads 2}. Options (defaults): {@code --model net7840 --backend cpu --threads
 * <all cores> --batch 128 --warmup 30 --steps 50 --reps 30 --dropout 0 --peak-gflops 0 --release
 * true} ({@code --release false}: keep the activations, no {@code ActivationRelease}).
 */
public final class StepBreakdown {
  private StepBreakdown() {}

  /** Parses the options, measures and prints the report. */
  public static void main(String[] args) {
    Map<String, String> o = options(args);
    String model = o.get("model");
    int threads = Integer.parseInt(o.get("threads"));
    int batch = Integer.parseInt(o.get("batch"));
    int warmup = Integer.parseInt(o.get("warmup"));
    int steps = Integer.parseInt(o.get("steps"));
    int reps = Integer.parseInt(o.get("reps"));
    double peak = Double.parseDouble(o.get("peak-gflops"));
    Parallel.setThreads(threads);
    Backend b = BenchBackends.resolve(o.get("backend"));
    if (b == null) {
      return;
    }
    TrainingRig rig = new TrainingRig(model, Double.parseDouble(o.get("dropout")), b, batch);
    rig.releaseActivations(Boolean.parseBoolean(o.get("release")));
    NetworkProfile profile =
        NetworkProfile.trace(rig.net(), Shape.of(batch, 1, TrainingRig.SIDE, TrainingRig.SIDE));
    for (int i = 0; i < warmup; i++) {
      rig.trainStep();
    }
    StepTimer timer = new StepTimer(rig, profile);
    timer.run(steps);
    List<List<KernelCase>> perLayer = new ArrayList<>();
    for (Layer l : profile.layers()) {
      perLayer.add(LayerKernels.of(l, b));
    }
    List<KernelCase> head = head(rig, profile, b);
    PrintStream out = System.out;
    BreakdownReport r = new BreakdownReport(out, b, reps);
    r.header(model, threads, batch, timer, profile, peak);
    r.layers(profile, perLayer, timer);
    r.tail(head, timer);
  }

  /** The loss kernels outside the network (NLL; log-softmax too when the net lacks it). */
  private static List<KernelCase> head(TrainingRig rig, NetworkProfile profile, Backend b) {
    List<KernelCase> head = new ArrayList<>();
    int n = rig.batch();
    int classes = profile.layers().get(profile.layers().size() - 1).out().numel() / n;
    int[] targets = Inputs.targets(n, classes, 8);
    Storage lp = b.softmax().forward(Inputs.randn(b, n * classes, 3.0, 1), n, classes, 1, true);
    Storage one = Inputs.full(b, 1, 1.0);
    head.add(
        new KernelCase(
            "loss.nllForward",
            false,
            0,
            () -> new Storage[] {b.loss().nllForward(lp, targets, n, classes)}));
    head.add(
        new KernelCase(
            "loss.nllBackward",
            true,
            0,
            () -> new Storage[] {b.loss().nllBackward(one, targets, n, classes)}));
    SgdParams hp = new SgdParams(0.01, 0.9, 0, 0, false);
    List<Storage[]> params = new ArrayList<>();
    for (Tensor p : rig.net().parameters()) {
      int size = p.numel();
      params.add(
          new Storage[] {
            Inputs.randn(b, size, 0.1, 2), Inputs.randn(b, size, 0.1, 3), Inputs.full(b, size, 0.0)
          });
    }
    head.add(
        new KernelCase(
            "optim.sgdStep (all params)",
            true,
            0,
            () -> {
              for (Storage[] s : params) {
                b.optim().sgdStep(s[0], s[1], s[2], hp, false);
              }
              return new Storage[0];
            }));
    return head;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("model", "net7840");
    o.put("backend", "cpu");
    o.put("threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    o.put("batch", "128");
    o.put("warmup", "30");
    o.put("steps", "50");
    o.put("reps", "30");
    o.put("dropout", "0");
    o.put("peak-gflops", "0");
    o.put("release", "true");
    return parseOptions("StepBreakdown", o, args);
  }

  /**
   * Overrides {@code defaults} (filled in place and returned) with {@code --key value} pairs from
   * {@code args}; an unknown key or a key without a value is an error naming {@code tool}.
   */
  static Map<String, String> parseOptions(
      String tool, Map<String, String> defaults, String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String key = a.startsWith("--") ? a.substring(2) : null;
      if (key == null || !defaults.containsKey(key) || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            tool + ": unknown or incomplete option '" + a + "'; options (defaults): " + defaults);
      }
      defaults.put(key, args[++i]);
    }
    return defaults;
  }

  /** Median of {@code values}. */
  static double median(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    int n = v.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  /** {@code String.format} in the root locale. */
  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
