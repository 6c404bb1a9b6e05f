package io.jgrad.benchmarks.e2e;

import io.jgrad.backend.Backend;
import io.jgrad.backend.cpu.Parallel;
import io.jgrad.benchmarks.support.BenchBackends;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * What a second thread gives a training step, measured in one JVM by alternating short blocks of
 * steps at 1 and at 2 (or {@code --threads}) threads, so that the host's slow drifts and the JIT's
 * late compilations fall on both sides alike. Prints each block pair's ratio and the median of the
 * ratios, the figure that separate JMH runs at 1 and 2 threads only estimate.
 *
 * <p>Two ratios per pair: of the median step times, which a few slow steps (a host interruption, a
 * collection) leave alone, and of the rates (steps ÷ the block's wall time), which count them, as a
 * throughput benchmark does. A step at 2 threads stalls when either core is interrupted, so the
 * rate ratio is the stricter of the two.
 *
 * <p>Each pair is followed by a yardstick block: as many independent copies of the 1-thread step
 * (own network, own batch, own Java thread) as the threads compared, all at once. Their combined
 * rate ÷ one copy's alone is what this machine gives for that many cores of this work with nothing
 * shared between them (no loop hand-offs, no serial part): a virtual machine's vCPUs, clock boost
 * with one core busy and shared caches set it below the thread count. It is a yardstick, not a
 * ceiling: each copy works on a whole batch, a team's thread on its share, so a team keeps more of
 * its data in cache and has measured up to 1.08 of it (benchmarks/RESULTS.md).
 *
 * <p>Last, {@link MachineScaling} prints what the machine gives that many threads of work sharing
 * nothing: register-only arithmetic, copying in the last-level cache and copying in main memory.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * io.jgrad.benchmarks.e2e.ThreadScaling}. Options (defaults): {@code --model net7840 --threads 2
 * --dropout 0 --batch 128 --warmup-seconds 30 --blocks 20 --steps 40}.
 */
public final class ThreadScaling {
  /** Untimed steps after each change of thread count. */
  private static final int SETTLE_STEPS = 20;

  private ThreadScaling() {}

  /** Parses the options, warms up, alternates and prints. */
  public static void main(String[] args) {
    Map<String, String> o = options(args);
    int threads = Integer.parseInt(o.get("threads"));
    int blocks = Integer.parseInt(o.get("blocks"));
    int steps = Integer.parseInt(o.get("steps"));
    Backend b = BenchBackends.resolve("cpu");
    TrainingRig rig = TrainingRig.fromOptions(o, b);
    List<TrainingRig> copies = new ArrayList<>();
    copies.add(rig);
    for (int i = 1; i < threads; i++) {
      copies.add(TrainingRig.fromOptions(o, b));
    }
    long warmEnd = System.nanoTime() + (long) (Double.parseDouble(o.get("warmup-seconds")) * 1e9);
    for (int t = 1; System.nanoTime() < warmEnd; t = t == 1 ? threads : 1) {
      Parallel.setThreads(t);
      for (int i = 0; i < steps; i++) {
        rig.trainStep();
      }
      independentBlock(copies, steps); // warms the copies' code paths too
    }
    System.out.println(
        StepBreakdown.f(
            "ThreadScaling: %s, batch %d, dropout %s, %d blocks of %d steps at 1 and %d threads,"
                + " Java %s",
            o.get("model"),
            rig.batch(),
            o.get("dropout"),
            blocks,
            steps,
            threads,
            System.getProperty("java.version")));
    List<Double> ratios = new ArrayList<>();
    List<Double> rateRatios = new ArrayList<>();
    List<Double> one = new ArrayList<>();
    List<Double> many = new ArrayList<>();
    List<Double> ceilings = new ArrayList<>();
    for (int k = 0; k < blocks; k++) {
      // alternate which side goes first, so a drift within a pair cancels over pairs
      boolean oneFirst = k % 2 == 0;
      Block first = block(rig, oneFirst ? 1 : threads, steps);
      Block second = block(rig, oneFirst ? threads : 1, steps);
      Block b1 = oneFirst ? first : second;
      Block bn = oneFirst ? second : first;
      double t1 = b1.medianMs();
      double tn = bn.medianMs();
      double ti = independentBlock(copies, steps);
      one.add(t1);
      many.add(tn);
      ratios.add(t1 / tn);
      rateRatios.add(b1.meanMs() / bn.meanMs());
      ceilings.add(threads * t1 / ti);
      System.out.println(
          StepBreakdown.f(
              "block %2d: 1 thread %.2f ms, %d threads %.2f ms, ratio %.2f (rates %.2f);"
                  + " %d independent 1-thread copies %.2f ms, ratio %.2f",
              k + 1,
              t1,
              threads,
              tn,
              t1 / tn,
              b1.meanMs() / bn.meanMs(),
              threads,
              ti,
              threads * t1 / ti));
    }
    System.out.println(
        StepBreakdown.f(
            "yardstick: %d independent 1-thread copies at once ran at %.2f× one copy's rate"
                + " (%s); %d threads reached %.2f of it",
            threads,
            StepBreakdown.median(ceilings),
            range(ceilings),
            threads,
            StepBreakdown.median(ratios) / StepBreakdown.median(ceilings)));
    System.out.println(
        StepBreakdown.f(
            "median step: 1 thread %.2f ms, %d threads %.2f ms; median ratio %.2f (%s)",
            StepBreakdown.median(one),
            threads,
            StepBreakdown.median(many),
            StepBreakdown.median(ratios),
            range(ratios)));
    System.out.println(
        StepBreakdown.f(
            "rate (steps per block time): %d threads ÷ 1, median ratio %.2f (%s)",
            threads, StepBreakdown.median(rateRatios), range(rateRatios)));
    System.out.println(
        StepBreakdown.f(
            "machine: %d threads ÷ 1 of work sharing nothing: %.2f register-only, %.2f copying"
                + " 2 MiB each (last-level cache), %.2f copying 32 MiB each (memory)",
            threads,
            MachineScaling.registerRatio(threads, 5),
            MachineScaling.cacheRatio(threads, 5),
            MachineScaling.memoryRatio(threads, 5)));
  }

  /** "min-max" of {@code values}, to two decimals. */
  private static String range(List<Double> values) {
    return values.isEmpty()
        ? "NaN-NaN"
        : StepBreakdown.f("%.2f-%.2f", Collections.min(values), Collections.max(values));
  }

  /** One block's median step and mean step (the block's wall time ÷ its steps), in ms. */
  private record Block(double medianMs, double meanMs) {}

  /** The median and mean step times of {@code steps} steps at {@code threads} threads. */
  private static Block block(TrainingRig rig, int threads, int steps) {
    Parallel.setThreads(threads);
    // a new team's worker starts on the caller's core until the scheduler moves it; settle first
    for (int i = 0; i < SETTLE_STEPS; i++) {
      rig.trainStep();
    }
    List<Double> ms = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      long t0 = System.nanoTime();
      rig.trainStep();
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    return new Block(StepBreakdown.median(ms), (System.nanoTime() - start) / 1e6 / steps);
  }

  /**
   * The median step time in ms of the copies, each running {@code steps} steps at 1 thread on its
   * own Java thread, all at once (after the same untimed settling steps).
   */
  private static double independentBlock(List<TrainingRig> copies, int steps) {
    Parallel.setThreads(1);
    CyclicBarrier start = new CyclicBarrier(copies.size());
    List<Double> ms = Collections.synchronizedList(new ArrayList<>());
    List<Thread> runners = new ArrayList<>();
    for (TrainingRig copy : copies) {
      Thread t =
          new Thread(
              () -> {
                await(start);
                for (int i = 0; i < SETTLE_STEPS; i++) {
                  copy.trainStep();
                }
                for (int i = 0; i < steps; i++) {
                  long t0 = System.nanoTime();
                  copy.trainStep();
                  ms.add((System.nanoTime() - t0) / 1e6);
                }
              },
              "copy-" + runners.size());
      runners.add(t);
      t.start();
    }
    for (Thread t : runners) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("ThreadScaling: interrupted", e);
      }
    }
    if (ms.size() != copies.size() * steps) {
      throw new IllegalStateException("ThreadScaling: a copy failed (see its stack trace above)");
    }
    return StepBreakdown.median(ms);
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (InterruptedException | BrokenBarrierException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("ThreadScaling: interrupted", e);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("model", "net7840");
    o.put("threads", "2");
    o.put("dropout", "0");
    o.put("batch", "128");
    o.put("warmup-seconds", "30");
    o.put("blocks", "20");
    o.put("steps", "40");
    return StepBreakdown.parseOptions("ThreadScaling", o, args);
  }
}
