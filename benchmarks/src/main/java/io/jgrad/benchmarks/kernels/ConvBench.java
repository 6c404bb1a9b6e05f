package io.jgrad.benchmarks.kernels;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ConvKernels;
import io.jgrad.backend.params.Conv2dParams;
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
 * The three convolution kernels ({@link ConvKernels#forward}, {@link ConvKernels#backwardData},
 * {@link ConvKernels#backwardWeight}) on every convolution shape of the registered MNIST networks,
 * bias-free as they are. Each op is {@code 2·N·Cout·Ho·Wo·Cin·k²} FLOP ({@link Flops#convForward});
 * e.g. {@code 10x24x24->15k3} at batch 128 is 2·128·15·22·22·90 = 167.3 MFLOP per call. The time
 * includes allocating the result, as in training.
 *
 * <p>{@code backend} defaults to {@code cpu}; {@code -p backend=reference} or {@code -p
 * backend=cuda} measure the others (CUDA is skipped with a message when no GPU is present).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {Jvm.VECTOR, Jvm.HEAP})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConvBench {
  /** One sample's convolution, {@code Cin x H x W -> Cout k K} (see {@link Shapes#conv}). */
  @Param({
    "1x28x28->10k3",
    "10x26x26->10k3",
    "10x24x24->15k3",
    "15x11x11->10k1",
    "10x11x11->10k3",
    "10x9x9->10k3",
    "10x7x7->10k3",
    "10x5x5->10k5"
  })
  public String shape;

  /** Images per batch. */
  @Param({"128"})
  public int batch;

  /** {@code cpu}, {@code reference} or {@code cuda}. */
  @Param({"cpu"})
  public String backend;

  private Backend b;
  private Conv2dParams p;
  private Storage x;
  private Storage w;
  private Storage dy;

  /** Creates the backend and seeded input, weight and output-gradient buffers. */
  @Setup(Level.Trial)
  public void setup() {
    b = BenchBackends.resolve(backend);
    if (b == null) {
      return;
    }
    p = Shapes.conv(shape, batch);
    int fanIn = p.inPerGroup() * p.kernelH() * p.kernelW();
    x = Inputs.randn(b, p.inputSize(), 1.0, 1);
    w = Inputs.randn(b, p.weightSize(), Inputs.heScale(fanIn), 2);
    dy = Inputs.randn(b, p.outputSize(), 1.0, 3);
  }

  /** y = conv(x, w). */
  @Benchmark
  public void forward(Blackhole bh) {
    if (b != null) {
      BenchBackends.finish(b, bh, b.conv().forward(x, w, null, p));
    }
  }

  /** dx from dy and w. */
  @Benchmark
  public void backwardData(Blackhole bh) {
    if (b != null) {
      BenchBackends.finish(b, bh, b.conv().backwardData(dy, w, p));
    }
  }

  /** dw from dy and x. */
  @Benchmark
  public void backwardWeight(Blackhole bh) {
    if (b != null) {
      BenchBackends.finish(b, bh, b.conv().backwardWeight(dy, x, p));
    }
  }

  /** Frees the buffers and prints the work per call. */
  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) {
    if (b != null) {
      BenchBackends.close(x, w, dy);
      WorkReport.print(params, work(WorkReport.method(params), params::getParam));
    }
  }

  /**
   * The work of benchmark method {@code method} with parameters {@code param}.
   *
   * @throws IllegalArgumentException for an unknown method
   */
  public static Work work(String method, Function<String, String> param) {
    Conv2dParams p = Shapes.conv(param.apply("shape"), Integer.parseInt(param.apply("batch")));
    switch (method) {
      case "forward":
        return Flops.convForward(p);
      case "backwardData":
        return Flops.convBackwardData(p);
      case "backwardWeight":
        return Flops.convBackwardWeight(p);
      default:
        throw new IllegalArgumentException("ConvBench: no benchmark method '" + method + "'");
    }
  }
}
