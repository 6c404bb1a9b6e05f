package io.jgrad.benchmarks.kernels;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.BlasKernels;
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
 * Dense matrix product {@link BlasKernels#matmul} C[m,n] = op(A)·op(B), 2·m·k·n FLOP ({@link
 * Flops#gemm}). The shapes are the ones the MNIST networks produce when a convolution is lowered to
 * a product (im2col, one image: {@code 10x90x576} and {@code 15x90x484} for the 3x3 layers on 26x26
 * and 24x24 inputs; the whole batch at once: {@code 10x90x73728}), the final 5x5 layer on a 5x5
 * input, which is a fully connected layer over the batch ({@code 128x250x10}), and a square {@code
 * 256x256x256} to compare with the machine's peak. {@code layout} gives the transposes: {@code NN},
 * {@code NT} (B stored [n,k], as in a linear layer's forward), {@code TN} (A stored [k,m], as in a
 * weight gradient).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {Jvm.VECTOR, Jvm.HEAP})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BlasBench {
  /** {@code M x K x N}. */
  @Param({"10x90x576", "15x90x484", "10x90x73728", "128x250x10", "256x256x256"})
  public String shape;

  /** Transposes of A and B: {@code NN}, {@code NT}, {@code TN} or {@code TT}. */
  @Param({"NN", "NT", "TN"})
  public String layout;

  /** {@code cpu}, {@code reference} or {@code cuda}. */
  @Param({"cpu"})
  public String backend;

  private Backend b;
  private int m;
  private int k;
  private int n;
  private boolean transA;
  private boolean transB;
  private Storage a;
  private Storage bm;

  /** Creates seeded A and B in the requested layout. */
  @Setup(Level.Trial)
  public void setup() {
    b = BenchBackends.resolve(backend);
    if (b == null) {
      return;
    }
    int[] mkn = Shapes.gemm(shape);
    m = mkn[0];
    k = mkn[1];
    n = mkn[2];
    if (!layout.matches("[NT][NT]")) {
      throw new IllegalArgumentException(
          "BlasBench: layout must be NN, NT, TN or TT, got '" + layout + "'");
    }
    transA = layout.charAt(0) == 'T';
    transB = layout.charAt(1) == 'T';
    a = Inputs.randn(b, m * k, 1.0, 1);
    bm = Inputs.randn(b, k * n, 1.0, 2);
  }

  /** C = op(A)·op(B) into a new buffer. */
  @Benchmark
  public void matmul(Blackhole bh) {
    if (b != null) {
      BenchBackends.finish(b, bh, b.blas().matmul(a, bm, m, k, n, transA, transB));
    }
  }

  /** Frees the buffers and prints the work per call. */
  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) {
    if (b != null) {
      BenchBackends.close(a, bm);
      WorkReport.print(params, work(WorkReport.method(params), params::getParam));
    }
  }

  /**
   * The work of benchmark method {@code method} with parameters {@code param}.
   *
   * @throws IllegalArgumentException for an unknown method
   */
  public static Work work(String method, Function<String, String> param) {
    if (!method.equals("matmul")) {
      throw new IllegalArgumentException("BlasBench: no benchmark method '" + method + "'");
    }
    int[] mkn = Shapes.gemm(param.apply("shape"));
    return Flops.gemm(mkn[0], mkn[1], mkn[2]);
  }
}
