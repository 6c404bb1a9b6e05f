package io.jgrad.examples.mnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.GradMode;
import io.jgrad.examples.mnist.data.MnistDataset;
import io.jgrad.nn.Module;
import io.jgrad.nn.onnx.OnnxExport;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs an exported file in ONNX Runtime on MNIST test images and compares it with jgrad's CPU
 * evaluation of the same network: largest absolute difference of the log-probabilities and the
 * predicted class of every image.
 */
final class OnnxRuntimeCheck {
  /** The largest allowed |jgrad - ORT| of any output. */
  static final double TOL = 1e-4;

  private static final int BATCH = 500;

  private OnnxRuntimeCheck() {}

  /** What one comparison found. */
  record Result(int images, double worstAbsDiff, int ties, int correct) {}

  /**
   * Two classes whose jgrad scores differ by at most this much are a tie: float rounding alone may
   * order them either way (an untrained network's near-uniform outputs have such pairs).
   */
  static final double TIE = 1e-6;

  /** Normalized images [first, first + n) of {@code set}, as the data loader feeds them. */
  static float[] images(MnistDataset set, int first, int n) {
    int size = set.imageSize();
    float[] x = new float[n * size];
    var norm = MnistDataset.NORMALIZE;
    for (int i = 0; i < n; i++) {
      set.copyImage(first + i, x, i * size);
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = (x[i] - norm.mean(0)) / norm.std(0);
    }
    return x;
  }

  /**
   * Compares {@code onnxFile} in ORT with {@code model} (in evaluation mode) on every image of
   * {@code set}, in batches; asserts the tolerance and identical classes, naming {@code what}.
   */
  static Result compare(String what, Path onnxFile, Module model, MnistDataset set) {
    model.eval();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    double worst = 0;
    int mismatches = 0;
    int ties = 0;
    int correct = 0;
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        OrtSession session = open(env, onnxFile, opts)) {
      assertEquals("input", session.getInputNames().iterator().next(), what);
      assertEquals("log_probs", session.getOutputNames().iterator().next(), what);
      for (int first = 0; first < set.size(); first += BATCH) {
        int n = Math.min(BATCH, set.size() - first);
        float[] x = images(set, first, n);
        float[] ort = run(env, session, x, n);
        float[] ref;
        try (GradMode.Scope s = GradMode.noGrad()) {
          Tensor y = model.call(Tensors.fromArray(x, n, 1, set.rows(), set.cols()));
          ref = y.toArray();
        }
        assertEquals(ref.length, ort.length, what + ": output size");
        for (int i = 0; i < ref.length; i++) {
          worst = Math.max(worst, Math.abs(ref[i] - ort[i]));
        }
        for (int i = 0; i < n; i++) {
          int a = argmax(ref, i);
          int b = argmax(ort, i);
          if (a != b && ref[i * 10 + a] - ref[i * 10 + b] <= TIE) {
            ties++;
          } else if (a != b) {
            mismatches++;
          }
          if (a == set.label(first + i)) {
            correct++;
          }
        }
      }
    } catch (OrtException e) {
      throw new AssertionError(what + ": ONNX Runtime failed: " + e.getMessage(), e);
    }
    if (!(worst <= TOL) || mismatches != 0) {
      fail(
          what
              + ": largest |jgrad - ORT| = "
              + worst
              + " (allowed "
              + TOL
              + "), "
              + mismatches
              + " of "
              + set.size()
              + " images classified differently");
    }
    return new Result(set.size(), worst, ties, correct);
  }

  /**
   * Gives a seeded model's batch norms realistic running statistics: {@code batches} forward passes
   * of 100 images each in training mode (no gradients), then evaluation mode.
   */
  static void calibrateBatchNorms(Module model, MnistDataset set, int batches) {
    model.train();
    try (GradMode.Scope s = GradMode.noGrad()) {
      for (int b = 0; b < batches; b++) {
        int first = (b * 100) % Math.max(1, set.size() - 100);
        int n = Math.min(100, set.size());
        model.call(Tensors.fromArray(images(set, first, n), n, 1, set.rows(), set.cols()));
      }
    }
    model.eval();
  }

  private static OrtSession open(OrtEnvironment env, Path file, OrtSession.SessionOptions opts) {
    try {
      return env.createSession(file.toString(), opts);
    } catch (OrtException e) {
      return fail("ONNX Runtime refused " + file + ": " + e.getMessage(), e);
    }
  }

  private static float[] run(OrtEnvironment env, OrtSession session, float[] x, int n)
      throws OrtException {
    long[] shape = {n, 1, 28, 28};
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
        OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, in))) {
      FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
      float[] out = new float[b.remaining()];
      b.get(out);
      return out;
    }
  }

  private static int argmax(float[] v, int row) {
    int best = 0;
    for (int j = 1; j < 10; j++) {
      if (v[row * 10 + j] > v[row * 10 + best]) {
        best = j;
      }
    }
    return best;
  }
}
