package io.jgrad.benchmarks.onnx;

import ai.onnxruntime.OrtException;
import io.jgrad.backend.cpu.Parallel;
import io.jgrad.benchmarks.support.Jvm;
import io.jgrad.nn.onnx.OnnxExport;
import java.util.concurrent.TimeUnit;
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

/**
 * Images per second of inference with the same seeded network in jgrad (CPU backend,
 * evaluation-mode forward without gradients) and in ONNX Runtime (the file {@link OnnxExport}
 * writes, CPU execution provider, all graph optimizations), at batch 1 ({@code batch1}) and 128
 * ({@code batch128}) with 1 or 2 threads (jgrad's pool; ORT's intra-op threads, inter-op 1). Setup
 * checks that both engines give the same outputs (within 1e-4) before anything is timed. On a
 * shared host prefer {@link OnnxSideBySide}, which alternates the two engines in short slices.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(
    value = 1,
    jvmArgsAppend = {Jvm.VECTOR, Jvm.HEAP})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class OnnxRuntimeBench {
  /** A registered network name (any of {@code Models.names()}). */
  @Param({"net7838", "net7840"})
  public String model;

  /** {@code jgrad} or {@code ort}. */
  @Param({"jgrad", "ort"})
  public String engine;

  /** CPU threads of the engine. */
  @Param({"1", "2"})
  public int threads;

  private int previousThreads;
  private OnnxPair one;
  private OnnxPair many;

  /** Builds the network in both engines at batch 1 and 128 (each checks they agree). */
  @Setup(Level.Trial)
  public void setup() throws Exception {
    previousThreads = Parallel.threads();
    Parallel.setThreads(threads);
    one = new OnnxPair(model, 1, threads);
    many = new OnnxPair(model, 128, threads);
  }

  /** One image. */
  @Benchmark
  public float batch1() throws OrtException {
    return one.run(engine);
  }

  /** 128 images. */
  @Benchmark
  @OperationsPerInvocation(128)
  public float batch128() throws OrtException {
    return many.run(engine);
  }

  /** Closes the sessions and restores jgrad's thread count. */
  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    Parallel.setThreads(previousThreads);
    one.close();
    many.close();
  }
}
