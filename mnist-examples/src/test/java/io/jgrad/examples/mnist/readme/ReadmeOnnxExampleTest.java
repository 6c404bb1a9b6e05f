package io.jgrad.examples.mnist.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.jgrad.Tensors;
import io.jgrad.autograd.GradMode;
import io.jgrad.examples.mnist.data.MnistDataset;
import io.jgrad.examples.mnist.models.Models;
import io.jgrad.examples.mnist.testing.MnistCache;
import io.jgrad.examples.mnist.train.RunEnvironment;
import io.jgrad.nn.Module;
import io.jgrad.nn.onnx.OnnxExport;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's ONNX example: export in one call, then load the file in ONNX Runtime and classify
 * one MNIST test image; the digit must be the one jgrad predicts.
 */
class ReadmeOnnxExampleTest {
  @TempDir Path dir;

  @Test
  void exportThenClassifyOneImageInOnnxRuntime() throws Exception {
    Module model = Models.create("net7838", 0, 3);
    Path file = dir.resolve("net7838.onnx");
    // --- README: export ---
    OnnxExport.export(model, "net7838", file);

    MnistDataset test = RunEnvironment.load(MnistCache.dir(), false, 1);
    float[] pixels = new float[784];
    for (int i = 0; i < 784; i++) {
      pixels[i] = test.pixel(0, i / 28, i % 28); // 0-255
    }
    // --- README: classify one image in ONNX Runtime ---
    float[] x = new float[784];
    for (int i = 0; i < 784; i++) {
      x[i] = (pixels[i] / 255f - 0.1307f) / 0.3081f; // the normalization the model trained with
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int digit = 0;
    float[] logProbs;
    try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
        OnnxTensor input =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 1, 28, 28});
        OrtSession.Result result = session.run(Map.of("input", input))) {
      logProbs = ((float[][]) result.get(0).getValue())[0]; // output "log_probs" [1, 10]
      for (int k = 1; k < 10; k++) {
        if (logProbs[k] > logProbs[digit]) {
          digit = k;
        }
      }
    }
    // --- end of README code ---
    float[] ref;
    model.eval();
    try (GradMode.Scope s = GradMode.noGrad()) {
      ref = model.call(Tensors.fromArray(x, 1, 1, 28, 28)).toArray();
    }
    int expected = 0;
    for (int k = 1; k < 10; k++) {
      expected = ref[k] > ref[expected] ? k : expected;
    }
    assertEquals(expected, digit);
    double sum = 0;
    for (float lp : logProbs) {
      sum += Math.exp(lp);
    }
    assertEquals(1.0, sum, 1e-5, "log-probabilities");
    assertTrue(Math.abs(ref[digit] - logProbs[digit]) <= 1e-4);
  }
}
