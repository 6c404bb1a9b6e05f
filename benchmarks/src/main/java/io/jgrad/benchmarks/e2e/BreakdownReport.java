package io.jgrad.benchmarks.e2e;

import static io.jgrad.benchmarks.e2e.StepBreakdown.f;

import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.benchmarks.e2e.NetworkProfile.Layer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Prints {@link StepBreakdown}'s report, timing each kernel as it goes. */
final class BreakdownReport {
  private static final int KERNEL_WARMUP = 5;

  private final PrintStream out;
  private final Backend backend;
  private final int reps;
  private final List<Timed> timed = new ArrayList<>();
  private double stepMs;

  /** One kernel's isolated time. */
  private record Timed(String where, KernelCase k, double ms) {}

  BreakdownReport(PrintStream out, Backend backend, int reps) {
    this.out = out;
    this.backend = backend;
    this.reps = reps;
  }

  void header(
      String model, int threads, int batch, StepTimer t, NetworkProfile p, double peakGflops) {
    stepMs = StepBreakdown.median(t.stepMs());
    double mean = t.stepMs().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double imagesPerSec = batch / (stepMs / 1e3);
    double train = p.trainingFlopsPerImage();
    double gflops = train * imagesPerSec / 1e9;
    out.println(
        f(
            "StepBreakdown: %s on %s, %d thread(s), batch %d, Java %s (%s), %s %s, %d cores",
            model,
            backend.device(),
            threads,
            batch,
            System.getProperty("java.version"),
            System.getProperty("java.vm.name"),
            System.getProperty("os.name"),
            System.getProperty("os.arch"),
            Runtime.getRuntime().availableProcessors()));
    out.println(
        f(
            "training step: median %.2f ms (mean %.2f ms over %d steps) = %.0f images/s",
            stepMs, mean, t.stepMs().size(), imagesPerSec));
    out.println(
        f(
            "dense FLOPs per image: forward %.3f M, training step %.3f M (nominal 3 x forward ="
                + " %.3f M)",
            p.forwardFlopsPerImage() / 1e6, train / 1e6, 3 * p.forwardFlopsPerImage() / 1e6));
    String vsPeak =
        peakGflops > 0
            ? f(" = %.1f%% of the %.0f GFLOP/s peak given", 100 * gflops / peakGflops, peakGflops)
            : "";
    out.println(f("achieved: %.2f GFLOP/s (dense FLOPs of the training step)%s", gflops, vsPeak));
    double sum = t.zeroMs() + t.forwardMs() + t.lossMs() + t.backwardMs() + t.optimizerMs();
    out.println(
        f(
            "phases (mean ms): zero_grad %.3f | forward %.3f | loss %.3f | backward %.3f |"
                + " optimizer %.3f | sum %.3f",
            t.zeroMs(), t.forwardMs(), t.lossMs(), t.backwardMs(), t.optimizerMs(), sum));
  }

  void layers(NetworkProfile p, List<List<KernelCase>> perLayer, StepTimer t) {
    out.println();
    out.println(
        "per layer: 'fwd in step' = forward time inside real steps (hooks); 'kernels' ="
            + " isolated medians of "
            + reps
            + " calls with the layer's shapes");
    out.println(
        f(
            "%-4s %-12s %-24s %10s %10s %10s %9s %8s",
            "#",
            "layer",
            "in -> out (per image)",
            "fwd step",
            "fwd kern",
            "bwd kern",
            "MFLOP",
            "GFLOP/s"));
    for (int i = 0; i < p.layers().size(); i++) {
      Layer l = p.layers().get(i);
      double fwd = 0;
      double bwd = 0;
      double flops = 0;
      for (KernelCase k : perLayer.get(i)) {
        double ms = k.medianMillis(backend, KERNEL_WARMUP, reps);
        timed.add(new Timed(l.path() + " " + l.type(), k, ms));
        flops += k.flops();
        if (k.backward()) {
          bwd += ms;
        } else {
          fwd += ms;
        }
      }
      String rate = flops > 0 ? f("%.2f", flops / ((fwd + bwd) / 1e3) / 1e9) : "";
      out.println(
          f(
              "%-4s %-12s %-24s %10.3f %10.3f %10.3f %9s %8s",
              l.path(),
              l.type(),
              sample(l.in()) + " -> " + sample(l.out()),
              t.layerMs(i),
              fwd,
              bwd,
              flops > 0 ? f("%.1f", flops / 1e6) : "",
              rate));
    }
  }

  void tail(List<KernelCase> head, StepTimer t) {
    for (KernelCase k : head) {
      timed.add(new Timed("loss/optimizer", k, k.medianMillis(backend, KERNEL_WARMUP, reps)));
    }
    double fwd = 0;
    double bwd = 0;
    for (Timed x : timed) {
      if (x.k().backward()) {
        bwd += x.ms();
      } else {
        fwd += x.ms();
      }
    }
    out.println();
    out.println("kernels by time (isolated medians; share of the median step):");
    out.println(f("%-30s %-20s %10s %7s %8s", "kernel", "layer", "ms", "share", "GFLOP/s"));
    List<Timed> sorted = new ArrayList<>(timed);
    sorted.sort(Comparator.comparingDouble(Timed::ms).reversed());
    for (Timed x : sorted) {
      out.println(
          f(
              "%-30s %-20s %10.3f %6.1f%% %8s",
              x.k().kernel(),
              x.where(),
              x.ms(),
              100 * x.ms() / stepMs,
              x.k().flops() > 0 ? f("%.2f", x.k().flops() / (x.ms() / 1e3) / 1e9) : ""));
    }
    double measured = t.zeroMs() + t.forwardMs() + t.lossMs() + t.backwardMs() + t.optimizerMs();
    out.println();
    out.println(
        f(
            "sum of isolated kernels: forward %.3f ms, backward + optimizer %.3f ms, total %.3f ms"
                + " of a %.3f ms step (mean of the phases %.3f ms)",
            fwd, bwd, fwd + bwd, stepMs, measured));
    out.println(
        f(
            "outside the kernels (autograd graph, allocation, GC, thread hand-offs): %.3f ms ="
                + " %.1f%% of the step",
            stepMs - fwd - bwd, 100 * (stepMs - fwd - bwd) / stepMs));
  }

  private static String sample(Shape s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < s.rank(); i++) {
      sb.append(i > 1 ? "x" : "").append(s.dim(i));
    }
    return sb.length() == 0 ? "scalar" : sb.toString();
  }
}
