package io.jgrad.benchmarks.e2e;

import io.jgrad.backend.cpu.LoopStats;
import io.jgrad.backend.cpu.Parallel;
import io.jgrad.benchmarks.support.BenchBackends;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which parallel loops of a training step a second thread speeds up, and by how much: blocks of
 * steps at 1 and at N threads alternate in one JVM (as in {@link ThreadScaling}, so that the host's
 * drifts fall on both sides), {@link LoopStats} times every loop, and each loop's time at N threads
 * is set beside its time at 1. The rows are sorted by what the loop loses per step against a
 * perfect split (its N-thread time minus its 1-thread time ÷ N); the time outside loops (the
 * autograd graph, allocation, serial work) is the step minus the loops.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * io.jgrad.benchmarks.e2e.LoopScaling}. Options (defaults): {@code --model net7840 --threads 2
 * --dropout 0 --batch 128 --warmup-seconds 25 --pairs 20 --steps 30 --rows 25}.
 */
public final class LoopScaling {
  /** Untimed steps after each change of thread count. */
  private static final int SETTLE_STEPS = 10;

  private LoopScaling() {}

  /** Parses the options, warms up, alternates and prints. */
  public static void main(String[] args) {
    Map<String, String> o = options(args);
    int threads = Integer.parseInt(o.get("threads"));
    int pairs = Integer.parseInt(o.get("pairs"));
    int steps = Integer.parseInt(o.get("steps"));
    TrainingRig rig = TrainingRig.fromOptions(o, BenchBackends.resolve("cpu"));
    long warmEnd = System.nanoTime() + (long) (Double.parseDouble(o.get("warmup-seconds")) * 1e9);
    for (int t = 1; System.nanoTime() < warmEnd; t = t == 1 ? threads : 1) {
      Parallel.setThreads(t);
      for (int i = 0; i < steps; i++) {
        rig.trainStep();
      }
    }
    LoopStats.reset();
    long[] stepNanos = new long[2];
    for (int k = 0; k < pairs; k++) {
      for (int side = 0; side < 2; side++) {
        boolean many = (k + side) % 2 == 1; // alternate which side goes first
        Parallel.setThreads(many ? threads : 1);
        for (int i = 0; i < SETTLE_STEPS; i++) {
          rig.trainStep();
        }
        LoopStats.start();
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
          rig.trainStep();
        }
        stepNanos[many ? 1 : 0] += System.nanoTime() - t0;
        LoopStats.stop();
      }
    }
    print(o, threads, (double) pairs * steps, stepNanos, LoopStats.snapshot());
  }

  private static void print(
      Map<String, String> o, int threads, double steps, long[] stepNanos, List<LoopStats.Entry> e) {
    Map<String, LoopStats.Entry[]> byLoop = new HashMap<>();
    double[] inLoops = new double[2];
    for (LoopStats.Entry x : e) {
      int side = x.threads() == 1 ? 0 : 1;
      String loop = x.kernel() + " " + x.iterations() + "/" + x.grain();
      byLoop.computeIfAbsent(loop, k -> new LoopStats.Entry[2])[side] = x;
      inLoops[side] += x.nanos() / 1e6 / steps;
    }
    double step1 = stepNanos[0] / 1e6 / steps;
    double stepN = stepNanos[1] / 1e6 / steps;
    System.out.println(
        StepBreakdown.f(
            "LoopScaling: %s, batch %s, dropout %s, %d steps at 1 and at %d threads in"
                + " alternating blocks, Java %s",
            o.get("model"),
            o.get("batch"),
            o.get("dropout"),
            (int) steps,
            threads,
            System.getProperty("java.version")));
    System.out.println(
        StepBreakdown.f(
            "step: 1 thread %.3f ms, %d threads %.3f ms, ratio %.2f; in loops %.3f / %.3f ms"
                + " (ratio %.2f); outside loops %.3f / %.3f ms",
            step1,
            threads,
            stepN,
            step1 / stepN,
            inLoops[0],
            inLoops[1],
            inLoops[0] / inLoops[1],
            step1 - inLoops[0],
            stepN - inLoops[1]));
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, LoopStats.Entry[]> r : byLoop.entrySet()) {
      LoopStats.Entry one = r.getValue()[0];
      LoopStats.Entry many = r.getValue()[1];
      if (one != null && many != null) {
        double perStep = one.calls() / steps;
        double lost = perStep * (many.micros() - one.micros() / threads);
        rows.add(new Row(r.getKey(), perStep, one.micros(), many.micros(), lost));
      }
    }
    rows.sort(Comparator.comparingDouble(Row::lostMicros).reversed());
    System.out.println(
        StepBreakdown.f(
            "%-34s %8s %10s %10s %8s %16s",
            "loop (kernel iterations/grain)",
            "per step",
            "1 thread",
            threads + " threads",
            "speedup",
            "lost µs per step"));
    int shown = Math.min(rows.size(), Integer.parseInt(o.get("rows")));
    double lostAll = 0;
    double slower = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      lostAll += r.lostMicros();
      if (r.manyMicros() > r.oneMicros()) {
        slower += r.perStep() * (r.manyMicros() - r.oneMicros());
      }
      if (i < shown) {
        System.out.println(
            StepBreakdown.f(
                "%-34s %8.2f %8.1f µs %8.1f µs %8.2f %16.1f",
                r.loop(),
                r.perStep(),
                r.oneMicros(),
                r.manyMicros(),
                r.oneMicros() / r.manyMicros(),
                r.lostMicros()));
      }
    }
    System.out.println(
        StepBreakdown.f(
            "all loops lose %.1f µs per step against a perfect split; loops slower at %d threads"
                + " than at 1 cost %.1f µs per step",
            lostAll, threads, slower));
  }

  private record Row(
      String loop, double perStep, double oneMicros, double manyMicros, double lostMicros) {}

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("model", "net7840");
    o.put("threads", "2");
    o.put("dropout", "0");
    o.put("batch", "128");
    o.put("warmup-seconds", "25");
    o.put("pairs", "20");
    o.put("steps", "30");
    o.put("rows", "25");
    return StepBreakdown.parseOptions("LoopScaling", o, args);
  }
}
