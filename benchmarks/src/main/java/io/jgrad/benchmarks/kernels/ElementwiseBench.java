package io.jgrad.benchmarks.kernels;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;
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
 * Element-wise kernels of a training step ({@link ElementwiseKernels}): ReLU forward, its backward
 * ({@link BinaryOp#RELU_BACKWARD}: the gradient where the output is positive) and an addition (the
 * residual / gradient-accumulation pattern), on activation shapes of the MNIST networks. One FLOP
 * per element; unary ops move 8 bytes per element, binary ones 12 ({@link Flops#unary}, {@link
 * Flops#binary}), so the GB/s is the figure to compare with the memory bandwidth.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {Jvm.VECTOR, Jvm.HEAP})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBench {
  /** One sample's activation, {@code C x H x W}. */
  @Param({"10x26x26", "15x22x22", "10x11x11", "10x5x5"})
  public String shape;

  /** Images per batch. */
  @Param({"128"})
  public int batch;

  /** {@code cpu}, {@code reference} or {@code cuda}. */
  @Param({"cpu"})
  public String backend;

  private Backend b;
  private Storage x;
  private Storage y;
  private Storage g;

  /** Creates two seeded buffers and a ReLU output. */
  @Setup(Level.Trial)
  public void setup() {
    b = BenchBackends.resolve(backend);
    if (b == null) {
      return;
    }
    int n = size(shape, batch);
    x = Inputs.randn(b, n, 1.0, 1);
    g = Inputs.randn(b, n, 1.0, 2);
    y = b.elementwise().unary(UnaryOp.RELU, x);
  }

  /** max(x, 0). */
  @Benchmark
  public void relu(Blackhole bh) {
    if (b != null) {
      BenchBackends.finish(b, bh, b.elementwise().unary(UnaryOp.RELU, x));
    }
  }

  /** g where y &gt; 0, else 0. */
  @Benchmark
  public void reluBackward(Blackhole bh) {
    if (b != null) {
      BenchBackends.finish(b, bh, b.elementwise().binary(BinaryOp.RELU_BACKWARD, y, g));
    }
  }

  /** x + g. */
  @Benchmark
  public void add(Blackhole bh) {
    if (b != null) {
      BenchBackends.finish(b, bh, b.elementwise().binary(BinaryOp.ADD, x, g));
    }
  }

  /** Frees the buffers and prints the work per call. */
  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) {
    if (b != null) {
      BenchBackends.close(x, y, g);
      WorkReport.print(params, work(WorkReport.method(params), params::getParam));
    }
  }

  private static int size(String shape, int batch) {
    int[] chw = Shapes.chw(shape);
    return batch * chw[0] * chw[1] * chw[2];
  }

  /**
   * The work of benchmark method {@code method} with parameters {@code param}.
   *
   * @throws IllegalArgumentException for an unknown method
   */
  public static Work work(String method, Function<String, String> param) {
    int n = size(param.apply("shape"), Integer.parseInt(param.apply("batch")));
    switch (method) {
      case "relu":
        return Flops.unary(n);
      case "reluBackward":
      case "add":
        return Flops.binary(n);
      default:
        throw new IllegalArgumentException(
            "ElementwiseBench: no benchmark method '" + method + "'");
    }
  }
}
