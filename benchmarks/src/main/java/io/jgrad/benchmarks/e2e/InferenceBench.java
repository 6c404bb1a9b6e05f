package io.jgrad.benchmarks.e2e;

import io.jgrad.Tensor;
import io.jgrad.backend.Backend;
import io.jgrad.backend.cpu.Parallel;
import io.jgrad.benchmarks.support.BenchBackends;
import io.jgrad.benchmarks.support.Jvm;
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
 * Images per second of an evaluation-mode forward pass without gradients (batch norm with the
 * running statistics, dropout off) at batch {@value TrainStepBench#BATCH}, for every registered
 * MNIST network; the counterpart of the PyTorch baseline's inference figure. Dense FLOPs per image
 * are {@link NetworkProfile#forwardFlopsPerImage()} (2.786 MFLOP for net7840: 1,392,790
 * multiply-adds).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(TrainStepBench.BATCH)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {Jvm.VECTOR, Jvm.HEAP})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InferenceBench {
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

  /**
   * Whether the forward pass hands each intermediate back to the backend's pool once read ({@link
   * TrainingRig#infer(boolean)}), as the examples' evaluation does; {@code -p release=false,true}
   * shows what that gives.
   */
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
      rig = new TrainingRig(model, 0.0, b, TrainStepBench.BATCH);
    }
  }

  /** One forward pass of {@value TrainStepBench#BATCH} images. */
  @Benchmark
  public void forward(Blackhole bh) {
    if (rig != null) {
      Tensor out = rig.infer(release);
      bh.consume(out);
      out.close(); // as an evaluation loop does: the next call reuses its buffer
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

  /** Dense forward FLOPs per image of the {@code model} parameter's network (no bytes). */
  public static Work work(String method, Function<String, String> param) {
    if (!method.equals("forward")) {
      throw new IllegalArgumentException("InferenceBench: no benchmark method '" + method + "'");
    }
    return new Work(TrainStepBench.profile(param.apply("model")).forwardFlopsPerImage(), 0);
  }
}
