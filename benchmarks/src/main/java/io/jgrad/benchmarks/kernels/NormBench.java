package io.jgrad.benchmarks.kernels;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.BatchNormParams;
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
 * Batch normalization in training mode ({@link NormKernels#forwardTraining} with the running
 * statistics update, and {@link NormKernels#backwardTraining} for input, weight and bias) on every
 * batch-norm shape of the registered MNIST networks. Forward is 8 FLOP and 8 bytes per element,
 * backward 11 FLOP and 12 bytes ({@link Flops#batchNormForward}, {@link Flops#batchNormBackward}):
 * memory-bound, so read the GB/s. E.g. {@code 10x26x26} at batch 128 is 865,280 elements: 6.9 MFLOP
 * and 6.9 MB forward.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {Jvm.VECTOR, Jvm.HEAP})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NormBench {
  private static final boolean[] ALL_GRADS = {true, true, true};

  /** One sample's activation, {@code C x H x W}. */
  @Param({"10x26x26", "10x24x24", "15x22x22", "10x11x11", "10x9x9", "10x7x7", "10x5x5"})
  public String shape;

  /** Images per batch. */
  @Param({"128"})
  public int batch;

  /** {@code cpu}, {@code reference} or {@code cuda}. */
  @Param({"cpu"})
  public String backend;

  private Backend b;
  private BatchNormParams p;
  private Storage x;
  private Storage gamma;
  private Storage beta;
  private Storage runMean;
  private Storage runVar;
  private Storage dy;
  private NormKernels.TrainResult saved;
  private BatchNormParams pRelu;
  private NormKernels.TrainResult savedRelu;

  /** Creates the buffers and one forward pass whose statistics the backward benchmark uses. */
  @Setup(Level.Trial)
  public void setup() {
    b = BenchBackends.resolve(backend);
    if (b == null) {
      return;
    }
    p = Shapes.norm(shape, batch);
    x = Inputs.randn(b, p.size(), 1.0, 1);
    gamma = Inputs.full(b, p.channels(), 1.0);
    beta = Inputs.full(b, p.channels(), 0.0);
    runMean = Inputs.full(b, p.channels(), 0.0);
    runVar = Inputs.full(b, p.channels(), 1.0);
    dy = Inputs.randn(b, p.size(), 1.0, 3);
    saved = b.norm().forwardTraining(x, gamma, beta, runMean, runVar, p);
    pRelu = p.withRelu(true);
    savedRelu = b.norm().forwardTraining(x, gamma, beta, runMean, runVar, pRelu);
  }

  /** Normalizes with the batch statistics and updates the running ones. */
  @Benchmark
  public void forwardTraining(Blackhole bh) {
    if (b != null) {
      NormKernels.TrainResult r = b.norm().forwardTraining(x, gamma, beta, runMean, runVar, p);
      BenchBackends.finish(b, bh, r.output(), r.saveMean(), r.saveInvStd());
    }
  }

  /** dx, dγ and dβ through the batch statistics. */
  @Benchmark
  public void backwardTraining(Blackhole bh) {
    if (b != null) {
      NormKernels.Grads g =
          b.norm()
              .backwardTraining(dy, x, gamma, saved.saveMean(), saved.saveInvStd(), p, ALL_GRADS);
      BenchBackends.finish(b, bh, g.input(), g.weight(), g.bias());
    }
  }

  /** dx, dγ and dβ through a fused ReLU and the batch statistics. */
  @Benchmark
  public void backwardTrainingRelu(Blackhole bh) {
    if (b != null) {
      NormKernels.Grads g =
          b.norm()
              .backwardTrainingRelu(
                  dy,
                  savedRelu.output(),
                  x,
                  gamma,
                  savedRelu.saveMean(),
                  savedRelu.saveInvStd(),
                  pRelu,
                  ALL_GRADS);
      BenchBackends.finish(b, bh, g.input(), g.weight(), g.bias());
    }
  }

  /** Frees the buffers and prints the work per call. */
  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) {
    if (b == null) {
      return;
    }
    BenchBackends.close(x, gamma, beta, runMean, runVar, dy);
    BenchBackends.close(saved.output(), saved.saveMean(), saved.saveInvStd());
    BenchBackends.close(savedRelu.output(), savedRelu.saveMean(), savedRelu.saveInvStd());
    WorkReport.print(params, work(WorkReport.method(params), params::getParam));
  }

  /**
   * The work of benchmark method {@code method} with parameters {@code param}.
   *
   * @throws IllegalArgumentException for an unknown method
   */
  public static Work work(String method, Function<String, String> param) {
    BatchNormParams p = Shapes.norm(param.apply("shape"), Integer.parseInt(param.apply("batch")));
    switch (method) {
      case "forwardTraining":
        return Flops.batchNormForward(p);
      case "backwardTraining":
      case "backwardTrainingRelu":
        return Flops.batchNormBackward(p);
      default:
        throw new IllegalArgumentException("NormBench: no benchmark method '" + method + "'");
    }
  }
}
