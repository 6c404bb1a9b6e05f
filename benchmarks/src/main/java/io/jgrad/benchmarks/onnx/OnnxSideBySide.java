package io.jgrad.benchmarks.onnx;

import io.jgrad.backend.cpu.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * jgrad against ONNX Runtime on a shared host: for each network, batch (1, 128) and thread count
 * (1, 2) it alternates the two engines in short time slices, round after round (the order flips
 * every round), so both see the same background load; it prints each engine's median images/s and
 * the median, minimum and maximum of the per-round ratio jgrad / ORT as a Markdown table.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *   io.jgrad.benchmarks.onnx.OnnxSideBySide [--models net7838,net7840] [--rounds 15] [--slice-ms 300]
 * </pre>
 */
public final class OnnxSideBySide {
  private OnnxSideBySide() {}

  /** Runs the comparison; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    List<String> models = List.of("net7838", "net7840");
    int rounds = 15;
    long sliceMs = 300;
    for (int i = 0; i < args.length; i += 2) {
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--models":
          models = List.of(v.split(","));
          break;
        case "--rounds":
          rounds = Integer.parseInt(v);
          break;
        case "--slice-ms":
          sliceMs = Long.parseLong(v);
          break;
        default:
          throw new IllegalArgumentException(
              "OnnxSideBySide: unknown option '" + args[i] + "' (--models, --rounds, --slice-ms)");
      }
    }
    System.out.println(
        "| model | batch | threads | jgrad images/s | ORT images/s | jgrad / ORT (median, min-max of"
            + " rounds) |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
    int before = Parallel.threads();
    try {
      for (String model : models) {
        for (int batch : new int[] {1, 128}) {
          for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            try (OnnxPair p = new OnnxPair(model, batch, threads)) {
              System.out.println(row(p, model, batch, threads, rounds, sliceMs));
            }
          }
        }
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  private static String row(OnnxPair p, String model, int batch, int threads, int rounds, long ms)
      throws Exception {
    slice(p, "jgrad", batch, 4 * ms); // warm-up
    slice(p, "ort", batch, 4 * ms);
    double[] j = new double[rounds];
    double[] o = new double[rounds];
    double[] ratio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      if (r % 2 == 0) {
        j[r] = slice(p, "jgrad", batch, ms);
        o[r] = slice(p, "ort", batch, ms);
      } else {
        o[r] = slice(p, "ort", batch, ms);
        j[r] = slice(p, "jgrad", batch, ms);
      }
      ratio[r] = j[r] / o[r];
    }
    double[] sorted = ratio.clone();
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %,.0f | %,.0f | %.2f× (%.2f–%.2f) |",
        model,
        batch,
        threads,
        median(j),
        median(o),
        median(ratio),
        sorted[0],
        sorted[sorted.length - 1]);
  }

  /** Images per second of {@code engine} over about {@code ms} milliseconds. */
  private static double slice(OnnxPair p, String engine, int batch, long ms) throws Exception {
    long start = System.nanoTime();
    long end = start + ms * 1_000_000L;
    long n = 0;
    float sink = 0;
    long now;
    do {
      sink += p.run(engine);
      n++;
      now = System.nanoTime();
    } while (now < end);
    if (Float.isNaN(sink)) {
      throw new IllegalStateException("OnnxSideBySide: " + engine + " produced NaN");
    }
    return n * batch / ((now - start) / 1e9);
  }

  private static double median(double[] v) {
    List<Double> l = new ArrayList<>();
    for (double d : v) {
      l.add(d);
    }
    l.sort(null);
    int m = l.size() / 2;
    return l.size() % 2 == 1 ? l.get(m) : (l.get(m - 1) + l.get(m)) / 2;
  }
}
