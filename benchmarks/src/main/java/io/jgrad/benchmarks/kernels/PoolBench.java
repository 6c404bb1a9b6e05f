package io.jgrad.benchmarks.kernels;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.PoolKernels;
import io.jgrad.backend.params.Pool2dParams;
import io.jgrad.benchmarks.support.BenchBackends;
import io.jgrad.benchmarks.support.Flops;
import io.jgrad.benchmarks.support.Inputs;
import io.jgrad.benchmarks.support.Jvm;
import io.jgrad.benchmarks.support.Shapes;
import io.jgrad.benchmarks.support.Work;
import io.jgrad.benchmarks.support.WorkReport;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Max pooling ({@link PoolKernels#maxForward}, {@link PoolKernels#maxBackward}) on the pooling
 * shapes of the registered MNIST networks. Forward is kH·kW−1 comparisons per output and reads the
 * input once; backward finds each window's maximum again and writes the input gradient ({@link
 * Flops#maxPoolForward}, {@link Flops#maxPoolBackward}). Memory-bound: e.g. {@code 15x22x22k2} at
 * batch 128 moves 4.6 MB forward.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {Jvm.VECTOR, Jvm.HEAP})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PoolBench {
  /** One sample's input and window, {@code C x H x W k K} (see {@link Shapes#pool}). */
  @Param({"15x22x22k2", "10x24x24k2"})
  public String shape;

  /** Images per batch. */
  @Param({"128"})
  public int batch;

  /** {@code cpu}, {@code reference} or {@code cuda}. */
  @Param({"cpu"})
  public String backend;

  private Backend b;
  private Pool2dParams p;
  private Storage x;
  private Storage y;
  private Storage dy;

  /** Creates the input, one forward output and an output gradient. */
  @Setup(Level.Trial)
  public void setup() {
    b = BenchBackends.resolve(backend);
    if (b == null) {
      return;
    }
    p = Shapes.pool(shape, batch);
    x = Inputs.randn(b, p.inputSize(), 1.0, 1);
    y = b.pool().maxForward(x, p);
    dy = Inputs.randn(b, p.outputSize(), 1.0, 3);
  }

  /** The maximum of each window. */
  @Benchmark
  public void maxForward(Blackhole bh) {
    if (b != null) {
      BenchBackends.finish(b, bh, b.pool().maxForward(x, p));
    }
  }

  /** Routes each output gradient to its window's maximum. */
  @Benchmark
  public void maxBackward(Blackhole bh) {
    if (b != null) {
      BenchBackends.finish(b, bh, b.pool().maxBackward(dy, x, y, p));
    }
  }

  /** Frees the buffers and prints the work per call. */
  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) {
    if (b != null) {
      BenchBackends.close(x, y, dy);
      WorkReport.print(params, work(WorkReport.method(params), params::getParam));
    }
  }

  /**
   * The work of benchmark method {@code method} with parameters {@code param}.
   *
   * @throws IllegalArgumentException for an unknown method
   */
  public static Work work(String method, Function<String, String> param) {
    Pool2dParams p = Shapes.pool(param.apply("shape"), Integer.parseInt(param.apply("batch")));
    switch (method) {
      case "maxForward":
        return Flops.maxPoolForward(p);
      case "maxBackward":
        return Flops.maxPoolBackward(p);
      default:
        throw new IllegalArgumentException("PoolBench: no benchmark method '" + method + "'");
    }
  }
}
