package io.jgrad.benchmarks.kernels;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
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
 * The loss head of every MNIST network: log-softmax over the classes followed by the mean NLL loss,
 * forward ({@code SoftmaxKernels.forward} with {@code log}, then {@code LossKernels.nllForward})
 * and backward ({@code nllBackward}, then the log-softmax backward). About 5 FLOP per logit forward
 * and 4 backward ({@link Flops#logSoftmaxNllForward}, {@link Flops#logSoftmaxNllBackward}); at
 * 128x10 the call overhead dominates, which is what this measures. {@code 10000x10} is the
 * evaluation pass over the MNIST test set in one batch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {Jvm.VECTOR, Jvm.HEAP})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SoftmaxBench {
  /** {@code rows x classes}. */
  @Param({"128x10", "10000x10"})
  public String shape;

  /** {@code cpu}, {@code reference} or {@code cuda}. */
  @Param({"cpu"})
  public String backend;

  private Backend b;
  private int rows;
  private int classes;
  private int[] targets;
  private Storage logits;
  private Storage logProbs;
  private Storage gradLoss;

  /** Creates seeded logits, targets, one forward output and the unit loss gradient. */
  @Setup(Level.Trial)
  public void setup() {
    b = BenchBackends.resolve(backend);
    if (b == null) {
      return;
    }
    int[] rc = Shapes.rows(shape);
    rows = rc[0];
    classes = rc[1];
    targets = Inputs.targets(rows, classes, 4);
    logits = Inputs.randn(b, rows * classes, 3.0, 1);
    logProbs = b.softmax().forward(logits, rows, classes, 1, true);
    gradLoss = Inputs.full(b, 1, 1.0);
  }

  /** log p = log_softmax(logits); loss = nll(log p, targets). */
  @Benchmark
  public void forward(Blackhole bh) {
    if (b != null) {
      Storage lp = b.softmax().forward(logits, rows, classes, 1, true);
      BenchBackends.finish(b, bh, lp, b.loss().nllForward(lp, targets, rows, classes));
    }
  }

  /** dlogits from the unit loss gradient, through NLL and log-softmax. */
  @Benchmark
  public void backward(Blackhole bh) {
    if (b != null) {
      Storage g = b.loss().nllBackward(gradLoss, targets, rows, classes);
      BenchBackends.finish(b, bh, g, b.softmax().backward(g, logProbs, rows, classes, 1, true));
    }
  }

  /** Frees the buffers and prints the work per call. */
  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) {
    if (b != null) {
      BenchBackends.close(logits, logProbs, gradLoss);
      WorkReport.print(params, work(WorkReport.method(params), params::getParam));
    }
  }

  /**
   * The work of benchmark method {@code method} with parameters {@code param}.
   *
   * @throws IllegalArgumentException for an unknown method
   */
  public static Work work(String method, Function<String, String> param) {
    int[] rc = Shapes.rows(param.apply("shape"));
    switch (method) {
      case "forward":
        return Flops.logSoftmaxNllForward(rc[0], rc[1]);
      case "backward":
        return Flops.logSoftmaxNllBackward(rc[0], rc[1]);
      default:
        throw new IllegalArgumentException("SoftmaxBench: no benchmark method '" + method + "'");
    }
  }
}
