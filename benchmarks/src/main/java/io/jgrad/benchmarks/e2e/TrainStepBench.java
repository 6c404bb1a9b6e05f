package io.jgrad.benchmarks.e2e;

import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.cpu.Parallel;
import io.jgrad.benchmarks.support.BenchBackends;
import io.jgrad.benchmarks.support.Jvm;
import io.jgrad.benchmarks.support.Work;
import io.jgrad.benchmarks.support.WorkReport;
import io.jgrad.examples.mnist.models.Models;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * Images per second of a full training step (zero grad, forward, log-softmax + NLL, backward, SGD
 * with momentum 0.9) at batch {@value #BATCH} for every registered MNIST network, the figure to set
 * beside {@code benchmarks/pytorch/train_step_bench.py}. The score is images/s (one JMH operation =
 * one image). Dense FLOPs per image are {@link NetworkProfile#trainingFlopsPerImage()} (8.235 MFLOP
 * for net7840), so GFLOP/s = images/s × that.
 *
 * <p>{@code threads} sets the CPU backend's worker pool ({@link Parallel#setThreads}); {@code
 * dropout} is the probability of every dropout layer (0 as in the PyTorch baseline).
 *
 * <p>The warm-up is 25 s because the JIT is still compiling for about 13 s (a {@code
 * -XX:+PrintCompilation} log of net7840 at 2 threads); on a 2-core machine its compiler threads
 * then take time from one of the two workers, so a shorter warm-up measures 2 threads low
 * (benchmarks/RESULTS.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(TrainStepBench.BATCH)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {Jvm.VECTOR, Jvm.HEAP})
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 5, time = 2)
public class TrainStepBench {
  /** Images per training step. */
  public static final int BATCH = 128;

  /** A registered network name; the list must equal {@code Models.names()} (a test checks). */
  @Param({
    "net7840",
    "net7838",
    "net7826",
    "net9060",
    "net5760",
    "net10120",
    "net5308",
    "net75828",
    "net8008",
    "net6748",
    "net6864",
    "net4764",
    "net4972"
  })
  public String model;

  /** CPU worker threads. */
  @Param({"1", "2"})
  public int threads;

  /** Dropout probability of the network's dropout layers. */
  @Param({"0.0"})
  public double dropout;

  /** Whether backward releases the activations ({@code ActivationRelease}), as trainers do. */
  @Param({"true"})
  public boolean release;

  /** {@code cpu}, {@code reference} or {@code cuda}. */
  @Param({"cpu"})
  public String backend;

  private int previousThreads;
  private TrainingRig rig;

  /** Builds the network and the batch, and sets the thread count. */
  @Setup(Level.Trial)
  public void setup() {
    previousThreads = Parallel.threads();
    Parallel.setThreads(threads);
    Backend b = BenchBackends.resolve(backend);
    if (b != null) {
      rig = new TrainingRig(model, dropout, b, BATCH).releaseActivations(release);
    }
  }

  /** One training step of {@value #BATCH} images. */
  @Benchmark
  public void trainStep(Blackhole bh) {
    if (rig != null) {
      bh.consume(rig.trainStep());
    }
  }

  /** Restores the thread count and prints the work per image. */
  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) {
    Parallel.setThreads(previousThreads);
    if (rig != null) {
      WorkReport.print(params, work(WorkReport.method(params), params::getParam));
    }
  }

  /** Dense training FLOPs per image of the {@code model} parameter's network (no bytes). */
  public static Work work(String method, Function<String, String> param) {
    if (!method.equals("trainStep")) {
      throw new IllegalArgumentException("TrainStepBench: no benchmark method '" + method + "'");
    }
    return new Work(profile(param.apply("model")).trainingFlopsPerImage(), 0);
  }

  /** The profile of registered network {@code model} on the CPU, traced at batch 2. */
  static NetworkProfile profile(String model) {
    return NetworkProfile.trace(
        Models.create(model, 0.0, 0L), Shape.of(2, 1, TrainingRig.SIDE, TrainingRig.SIDE));
  }
}
