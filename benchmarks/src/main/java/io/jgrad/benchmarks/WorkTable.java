package io.jgrad.benchmarks;

import io.jgrad.benchmarks.e2e.InferenceBench;
import io.jgrad.benchmarks.e2e.TrainStepBench;
import io.jgrad.benchmarks.kernels.BlasBench;
import io.jgrad.benchmarks.kernels.ConvBench;
import io.jgrad.benchmarks.kernels.ElementwiseBench;
import io.jgrad.benchmarks.kernels.NormBench;
import io.jgrad.benchmarks.kernels.PoolBench;
import io.jgrad.benchmarks.kernels.SoftmaxBench;
import io.jgrad.benchmarks.support.Work;
import java.util.function.Function;

/** Finds the {@link Work} of any benchmark of this module from its name and parameters. */
public final class WorkTable {
  private WorkTable() {}

  /**
   * The work per operation of benchmark {@code benchmark} (fully qualified method name) with
   * parameters {@code param}, or null for a benchmark this table does not know.
   */
  public static Work of(String benchmark, Function<String, String> param) {
    int dot = benchmark.lastIndexOf('.');
    String method = benchmark.substring(dot + 1);
    String cls = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
    switch (cls) {
      case "ConvBench":
        return ConvBench.work(method, param);
      case "NormBench":
        return NormBench.work(method, param);
      case "PoolBench":
        return PoolBench.work(method, param);
      case "BlasBench":
        return BlasBench.work(method, param);
      case "ElementwiseBench":
        return ElementwiseBench.work(method, param);
      case "SoftmaxBench":
        return SoftmaxBench.work(method, param);
      case "TrainStepBench":
        return TrainStepBench.work(method, param);
      case "InferenceBench":
        return InferenceBench.work(method, param);
      default:
        return null;
    }
  }
}
