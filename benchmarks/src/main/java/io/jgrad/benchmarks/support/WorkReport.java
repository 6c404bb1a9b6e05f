package io.jgrad.benchmarks.support;

import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Prints a benchmark's work per operation at the end of each trial, so a plain JMH run (without
 * {@link io.jgrad.benchmarks.BenchMain}'s closing table) still shows what to divide the time by.
 */
public final class WorkReport {
  private WorkReport() {}

  /** The benchmark method's simple name, e.g. {@code forward}. */
  public static String method(BenchmarkParams params) {
    String full = params.getBenchmark();
    return full.substring(full.lastIndexOf('.') + 1);
  }

  /** The benchmark's class and method, e.g. {@code ConvBench.forward}. */
  public static String shortName(String benchmark) {
    int m = benchmark.lastIndexOf('.');
    int c = benchmark.lastIndexOf('.', m - 1);
    return benchmark.substring(c + 1);
  }

  /**
   * Prints {@code [work] ConvBench.forward {batch=128, shape=...}: ... per op} on a line of its own
   * (JMH has already started the last iteration's line when a trial's tear-down runs).
   */
  public static void print(BenchmarkParams params, Work work) {
    Map<String, String> p = new TreeMap<>();
    for (String key : params.getParamsKeys()) {
      p.put(key, params.getParam(key));
    }
    System.out.println(
        System.lineSeparator()
            + "[work] "
            + shortName(params.getBenchmark())
            + " "
            + p
            + ": "
            + work.describe());
  }
}
