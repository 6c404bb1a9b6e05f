package io.jgrad.examples.mnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.examples.mnist.data.MnistDataset;
import io.jgrad.examples.mnist.models.Models;
import io.jgrad.examples.mnist.testing.MnistCache;
import io.jgrad.examples.mnist.train.Checkpoint;
import io.jgrad.examples.mnist.train.RunEnvironment;
import io.jgrad.nn.Module;
import io.jgrad.nn.onnx.OnnxExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered network, exported to ONNX from a seeded model (batch-norm statistics from a few
 * batches) and, through {@code train} (64 SGD steps) and {@code export}, from a short-trained
 * checkpoint, runs in ONNX Runtime on MNIST test images with outputs within 1e-4 of jgrad's CPU
 * evaluation and the same predicted class for every image. The fast run uses the first 300 test
 * images; {@code -Djgrad.onnx.testImages=10000} runs them all.
 */
class ExportCommandTest {
  private static MnistDataset test;

  @TempDir Path dir;

  @BeforeAll
  static void loadTestImages() throws Exception {
    int n = Integer.getInteger("jgrad.onnx.testImages", 300);
    test = RunEnvironment.load(MnistCache.dir(), false, n);
  }

  static Stream<String> models() {
    return Models.names().stream();
  }

  private static String data() {
    return MnistCache.dir().toString();
  }

  @ParameterizedTest
  @MethodSource("models")
  void seededModelRunsInOrtLikeInJgrad(String name) {
    Module model = Models.create(name, 0.1, 17);
    OnnxRuntimeCheck.calibrateBatchNorms(model, test, 20);
    Path file = dir.resolve(name + ".onnx");
    OnnxExport.export(model, name, file);
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(name + " (seeded)", file, model, test);
    assertEquals(test.size(), r.images());
    System.out.printf(
        "onnx %s seeded: %d images, max |diff| %.3g, %d ties, accuracy %.2f%%%n",
        name, r.images(), r.worstAbsDiff(), r.ties(), 100.0 * r.correct() / r.images());
  }

  @ParameterizedTest
  @MethodSource("models")
  void trainedCheckpointExportsThroughTheCliAndRunsInOrt(String name) throws Exception {
    Path run = dir.resolve("run");
    MainTest.Run t =
        MainTest.run(
            "train",
            "--model",
            name,
            "--data",
            data(),
            "--epochs",
            "1",
            "--train-limit",
            "2048",
            "--test-limit",
            "100",
            "--batch-size",
            "32",
            "--optimizer",
            "sgd",
            "--momentum",
            "0.9",
            "--lr",
            "0.05",
            "--schedule",
            "none",
            "--out",
            run.toString());
    assertEquals(0, t.code(), t.err());
    Path ckpt = run.resolve("last.safetensors");
    Path file = dir.resolve("out").resolve(name + ".onnx");
    MainTest.Run e = MainTest.run("export", ckpt.toString(), "--onnx", file.toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(e.out().contains("wrote " + file), e.out());
    assertTrue(e.out().contains("ONNX opset 17"), e.out());

    Checkpoint.Contents c = Checkpoint.read(ckpt);
    Module model = Models.create(c.model(), 0, 0);
    model.loadStateDict(c.modelState());
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(name + " (trained)", file, model, test);
    System.out.printf(
        "onnx %s trained: %d images, max |diff| %.3g, %d ties, accuracy %.2f%%%n",
        name, r.images(), r.worstAbsDiff(), r.ties(), 100.0 * r.correct() / r.images());
  }

  @Test
  void exportRejectsAFileThatIsNoCheckpoint() throws Exception {
    Path junk = dir.resolve("junk.safetensors");
    Files.writeString(junk, "not a checkpoint");
    MainTest.Run e =
        MainTest.run("export", junk.toString(), "--onnx", dir.resolve("x.onnx").toString());
    assertEquals(1, e.code(), e.err());
    assertTrue(e.err().startsWith("export: "), e.err());
    assertTrue(e.err().contains(junk.toString()), e.err());
    assertTrue(Files.notExists(dir.resolve("x.onnx")));
  }

  @Test
  void exportWithoutOnnxFileIsAUsageError() {
    MainTest.Run e = MainTest.run("export", dir.resolve("best.safetensors").toString());
    assertEquals(2, e.code(), e.err());
    assertTrue(e.err().contains("--onnx"), e.err());
  }
}
