package io.jgrad.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.GradMode;
import io.jgrad.nn.Module;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/** Runs exported models in ONNX Runtime and compares them with jgrad's evaluation. */
final class Ort {
  private Ort() {}

  /** The output of {@code model} (ONNX bytes) for {@code input} of {@code shape}. */
  static float[] run(byte[] model, float[] input, long... shape) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        OrtSession session = open(env, model, opts);
        OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
        OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, x))) {
      OnnxTensor y = (OnnxTensor) r.get(0);
      FloatBuffer b = y.getFloatBuffer();
      float[] out = new float[b.remaining()];
      b.get(out);
      return out;
    } catch (OrtException e) {
      throw new AssertionError("ONNX Runtime failed to run the exported model: " + e, e);
    }
  }

  /** An ORT session over {@code model}; a file ORT refuses fails the test with ORT's message. */
  static OrtSession open(OrtEnvironment env, byte[] model, OrtSession.SessionOptions opts) {
    try {
      return env.createSession(model, opts);
    } catch (OrtException e) {
      return fail("ONNX Runtime refused the exported model: " + e.getMessage(), e);
    }
  }

  /** jgrad's evaluation-mode output of {@code model} for {@code input} of {@code shape}. */
  static float[] jgrad(Module model, float[] input, int... shape) {
    model.eval();
    try (GradMode.Scope s = GradMode.noGrad()) {
      Tensor y = model.call(Tensors.fromArray(input, shape));
      return y.toArray();
    }
  }

  /**
   * Exports {@code model}, runs it in ORT and in jgrad on {@code input} ([N, C, H, W]), asserts the
   * largest absolute difference is at most {@code tol} and the arg-max of every row of {@code
   * classes} outputs agrees; returns the largest difference.
   */
  static double compare(
      Module model, String name, float[] input, int[] shape, int classes, double tol) {
    byte[] onnx = OnnxExport.toModelProto(model, name, shape[1], shape[2], shape[3]).toByteArray();
    float[] ort = run(onnx, input, Arrays.stream(shape).asLongStream().toArray());
    float[] ref = jgrad(model, input, shape);
    assertEquals(ref.length, ort.length, name + ": output size");
    double worst = 0;
    for (int i = 0; i < ref.length; i++) {
      worst = Math.max(worst, Math.abs(ref[i] - ort[i]));
    }
    if (!(worst <= tol)) {
      fail(name + ": largest |jgrad - ORT| = " + worst + " > " + tol);
    }
    for (int row = 0; row < ref.length / classes; row++) {
      assertEquals(
          argmax(ref, row, classes), argmax(ort, row, classes), name + ": class of row " + row);
    }
    return worst;
  }

  static int argmax(float[] v, int row, int n) {
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (v[row * n + j] > v[row * n + best]) {
        best = j;
      }
    }
    return best;
  }
}
