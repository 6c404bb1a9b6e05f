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
import io.jgrad.autograd.ActivationRelease;
import io.jgrad.autograd.GradMode;
import io.jgrad.examples.mnist.models.Models;
import io.jgrad.nn.Module;
import io.jgrad.nn.onnx.OnnxExport;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One seeded registered network in both engines: jgrad's evaluation-mode forward on the CPU
 * backend, run as the examples' evaluation runs it (no gradients, each intermediate handed back to
 * the backend's pool once read: {@link ActivationRelease}, as ONNX Runtime reuses its arena), and
 * an ONNX Runtime session (CPU, all graph optimizations, {@code threads} intra-op threads, inter-op
 * 1, sequential; {@code -Djgrad.ort.spin=false} stops its idle threads from spinning) over the file
 * {@link OnnxExport} writes; with the same input batch in each. The constructor checks that both
 * engines give the same outputs within 1e-4.
 */
final class OnnxPair implements AutoCloseable {
  private final Module net;
  private final Tensor x;
  private final OrtSession session;
  private final OnnxTensor o;

  /** Network {@code model} (dropout 0, seed 0) on input batches of {@code batch} images. */
  OnnxPair(String model, int batch, int threads) throws Exception {
    net = Models.create(model, 0.0, 0L);
    net.eval();
    float[] in = Tensors.randn(new Generator(5 + batch), batch, 1, 28, 28).toArray();
    x = Tensors.fromArray(in, Shape.of(batch, 1, 28, 28), Device.CPU);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Path file = Files.createTempFile("jgrad-" + model, ".onnx");
    try {
      OnnxExport.export(net, model, file);
      OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
      opts.setIntraOpNumThreads(threads);
      opts.setInterOpNumThreads(1);
      opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (!Boolean.parseBoolean(System.getProperty("jgrad.ort.spin", "true"))) {
        // ORT's idle intra-op threads spin by default; on an oversubscribed host that costs.
        opts.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
      session = env.createSession(file.toString(), opts);
    } finally {
      Files.deleteIfExists(file);
    }
    o = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[] {batch, 1, 28, 28});
    float[] a = jgradOutput();
    float[] b = ortOutput();
    double worst = a.length == b.length ? 0 : Double.POSITIVE_INFINITY;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    if (!(worst <= 1e-4)) {
      close();
      throw new IllegalStateException(
          "OnnxPair: jgrad and ONNX Runtime disagree on "
              + model
              + ", largest difference "
              + worst);
    }
  }

  /** jgrad's outputs for the batch. */
  @SuppressWarnings("try") // the scopes are used only for their close()
  float[] jgradOutput() {
    try (GradMode.Scope noGrad = GradMode.noGrad();
        GradMode.Scope release = ActivationRelease.enable();
        Tensor out = net.call(x)) {
      return out.toArray();
    }
  }

  /** ONNX Runtime's outputs for the batch. */
  float[] ortOutput() throws OrtException {
    try (OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, o))) {
      FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
      float[] out = new float[b.remaining()];
      b.get(out);
      return out;
    }
  }

  /** One inference in {@code engine} ({@code jgrad} or {@code ort}); the first output value. */
  float run(String engine) throws OrtException {
    if (engine.equals("jgrad")) {
      return jgradOutput()[0];
    }
    if (!engine.equals("ort")) {
      throw new IllegalArgumentException(
          "OnnxPair: engine must be jgrad or ort, got '" + engine + "'");
    }
    try (OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, o))) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
    }
  }

  @Override
  public void close() throws OrtException {
    o.close();
    session.close();
  }
}
