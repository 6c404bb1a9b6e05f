package io.jgrad.benchmarks;

import io.jgrad.benchmarks.support.Work;
import io.jgrad.benchmarks.support.WorkReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The closing table {@link BenchMain} prints after JMH's own summary: each result's time per
 * operation turned into GFLOP/s and GB/s with the benchmark's {@link Work}. For the end-to-end
 * benchmarks an operation is one image, so the rate is images/s and GFLOP/s counts the dense FLOPs
 * of the network. When the run includes {@link io.jgrad.benchmarks.kernels.PeakBench}, a last
 * column gives each rate as a share of the peak it measured: of {@code oneCore} for results with
 * {@code threads=1}, of {@code allCores} for the rest (the kernels run on every core).
 */
public final class ResultTable {
  /** The secondary result in which a benchmark counts its own FLOPs. */
  public static final String FLOPS_COUNTER = "flops";

  private static final String PEAK = "PeakBench";

  private ResultTable() {}

  /** Seconds per operation of result {@code r}, or NaN for a mode without a per-op time. */
  public static double secondsPerOp(RunResult r) {
    BenchmarkParams bp = r.getParams();
    double unit = TimeUnit.NANOSECONDS.convert(1, bp.getTimeUnit()) * 1e-9;
    double score = r.getPrimaryResult().getScore();
    if (bp.getMode() == Mode.Throughput) {
      return unit / score;
    }
    if (bp.getMode() == Mode.AverageTime || bp.getMode() == Mode.SampleTime) {
      return score * unit;
    }
    return Double.NaN;
  }

  /**
   * GFLOP/s of result {@code r}: from its {@link Work} when {@link WorkTable} knows it, else from a
   * secondary result {@code flops} counted in the forked JVM; NaN when neither exists.
   */
  public static double gflops(RunResult r) {
    BenchmarkParams bp = r.getParams();
    return gflops(r, WorkTable.of(bp.getBenchmark(), bp::getParam));
  }

  private static double gflops(RunResult r, Work w) {
    BenchmarkParams bp = r.getParams();
    Result<?> counted = r.getSecondaryResults().get(FLOPS_COUNTER);
    if (counted != null) {
      double unitSeconds = TimeUnit.NANOSECONDS.convert(1, bp.getTimeUnit()) * 1e-9;
      return counted.getScore() / unitSeconds / 1e9;
    }
    double s = secondsPerOp(r);
    return w != null && s > 0 && Double.isFinite(s) ? w.gflops(s) : Double.NaN;
  }

  /** Prints one row per result, in JMH's order. */
  public static void print(Collection<RunResult> results, PrintStream out) {
    double peakOne = Double.NaN;
    double peakAll = Double.NaN;
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      if (name.endsWith(PEAK + ".oneCore")) {
        peakOne = gflops(r);
      } else if (name.endsWith(PEAK + ".allCores")) {
        peakAll = gflops(r);
      }
    }
    boolean withPeak = !Double.isNaN(peakOne) || !Double.isNaN(peakAll);
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"Benchmark", "Params", "Score", "Unit", "GFLOP/s", "GB/s", "% of peak"});
    for (RunResult r : results) {
      BenchmarkParams bp = r.getParams();
      Result<?> primary = r.getPrimaryResult();
      List<String> params = new ArrayList<>();
      for (String k : bp.getParamsKeys()) {
        params.add(k + "=" + bp.getParam(k));
      }
      String gflops = "";
      String gbytes = "";
      double g = Double.NaN;
      try {
        Work w = WorkTable.of(bp.getBenchmark(), bp::getParam);
        double s = secondsPerOp(r);
        if (w != null && w.bytes() > 0 && s > 0 && Double.isFinite(s)) {
          gbytes = fmt(w.gbytes(s));
        }
        g = gflops(r, w);
        gflops = Double.isNaN(g) ? "" : fmt(g);
      } catch (RuntimeException e) {
        gflops = "? (" + e.getMessage() + ")";
      }
      boolean oneThread =
          "1".equals(bp.getParam("threads")) || bp.getBenchmark().endsWith(PEAK + ".oneCore");
      double peak = oneThread ? peakOne : peakAll;
      rows.add(
          new String[] {
            WorkReport.shortName(bp.getBenchmark()),
            String.join(" ", params),
            fmt(primary.getScore()),
            primary.getScoreUnit(),
            gflops,
            gbytes,
            Double.isNaN(g) || Double.isNaN(peak) ? "" : fmt(100 * g / peak) + "%"
          });
    }
    if (!withPeak) {
      rows.replaceAll(row -> Arrays.copyOf(row, row.length - 1));
    }
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    out.println();
    out.println(
        "Rates (FLOPs and compulsory bytes per op from io.jgrad.benchmarks.support.Flops):");
    for (String[] row : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell = i < 2 ? pad(row[i], width[i], false) : pad(row[i], width[i], true);
        sb.append(cell).append(i + 1 < row.length ? "  " : "");
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 1 ? "%.2f" : "%.4f", v);
  }

  private static String pad(String s, int w, boolean right) {
    String fill = " ".repeat(Math.max(0, w - s.length()));
    return right ? fill + s : s + fill;
  }
}
