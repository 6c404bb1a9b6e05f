package io.jgrad.benchmarks.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.cpu.Parallel;
import io.jgrad.benchmarks.support.Jvm;
import io.jgrad.examples.mnist.models.Models;
import io.jgrad.nn.Module;
import io.jgrad.nn.onnx.OnnxExport;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
 * checks that both engines give the same outputs (within 1e-4) before anything is timed.
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
  private Module net;
  private Tensor x1;
  private Tensor x128;
  private OrtEnvironment env;
  private OrtSession session;
  private OnnxTensor o1;
  private OnnxTensor o128;

  /** Builds the network, exports it, opens the session and checks both engines agree. */
  @Setup(Level.Trial)
  public void setup() throws Exception {
    previousThreads = Parallel.threads();
    net = Models.create(model, 0.0, 0L);
    net.eval();
    float[] in1 = Tensors.randn(new Generator(5), 1, 1, 28, 28).toArray();
    float[] in128 = Tensors.randn(new Generator(6), 128, 1, 28, 28).toArray();
    x1 = Tensors.fromArray(in1, Shape.of(1, 1, 28, 28), Device.CPU);
    x128 = Tensors.fromArray(in128, Shape.of(128, 1, 28, 28), Device.CPU);
    Path file = Files.createTempFile("jgrad-" + model, ".onnx");
    try {
      OnnxExport.export(net, model, file);
      env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
      opts.setIntraOpNumThreads(threads);
      opts.setInterOpNumThreads(1);
      opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(file.toString(), opts);
    } finally {
      Files.deleteIfExists(file);
    }
    o1 = OnnxTensor.createTensor(env, FloatBuffer.wrap(in1), new long[] {1, 1, 28, 28});
    o128 = OnnxTensor.createTensor(env, FloatBuffer.wrap(in128), new long[] {128, 1, 28, 28});
    Parallel.setThreads(threads);
    checkAgreement(jgrad(x128).toArray(), ort(o128));
    if (!engine.equals("jgrad") && !engine.equals("ort")) {
      throw new IllegalArgumentException(
          "OnnxRuntimeBench: engine must be jgrad or ort, got '" + engine + "'");
    }
  }

  private static void checkAgreement(float[] a, float[] b) {
    double worst = a.length == b.length ? 0 : Double.POSITIVE_INFINITY;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    if (!(worst <= 1e-4)) {
      throw new IllegalStateException(
          "OnnxRuntimeBench: jgrad and ONNX Runtime disagree, largest difference " + worst);
    }
  }

  private Tensor jgrad(Tensor x) {
    try (GradMode.Scope s = GradMode.noGrad()) {
      return net.call(x);
    }
  }

  private float[] ort(OnnxTensor x) throws OrtException {
    try (OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, x))) {
      FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
      float[] out = new float[b.remaining()];
      b.get(out);
      return out;
    }
  }

  private float infer(Tensor x, OnnxTensor o) throws OrtException {
    if (engine.equals("jgrad")) {
      return jgrad(x).toArray()[0];
    }
    try (OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, o))) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    }
  }

  /** One image. */
  @Benchmark
  public float batch1() throws OrtException {
    return infer(x1, o1);
  }

  /** 128 images. */
  @Benchmark
  @OperationsPerInvocation(128)
  public float batch128() throws OrtException {
    return infer(x128, o128);
  }

  /** Closes the session and restores jgrad's thread count. */
  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    Parallel.setThreads(previousThreads);
    o1.close();
    o128.close();
    session.close();
  }
}
