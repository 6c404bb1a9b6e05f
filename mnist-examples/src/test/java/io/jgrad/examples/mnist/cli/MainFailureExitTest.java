package io.jgrad.examples.mnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jgrad.Tensor;
import io.jgrad.backend.BackendProvider;
import io.jgrad.examples.mnist.Main;
import io.jgrad.examples.mnist.testing.MnistCache;
import io.jgrad.examples.mnist.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented failure exits, through the program's entry point as a user meets them. */
class MainFailureExitTest {
  @TempDir Path dir;

  @Test
  void aDivergingRunExits3NamesEpochAndBatchAndKeepsALoadableCheckpoint() throws Exception {
    Path out = dir.resolve("diverge");
    MainTest.Run r =
        MainTest.run(
            "train",
            "--model",
            "net5308",
            "--data",
            MnistCache.dir().toString(),
            "--out",
            out.toString(),
            "--epochs",
            "2",
            "--train-limit",
            "1024",
            "--test-limit",
            "64",
            "--batch-size",
            "32",
            "--lr",
            "1e30",
            "--schedule",
            "none",
            "--checkpoint-every",
            "1",
            "--threads",
            "2");

    assertEquals(Main.EXIT_DIVERGED, r.code(), r.err());
    Matcher m = Pattern.compile("epoch (\\d+), batch (\\d+)").matcher(r.err());
    assertTrue(m.find(), "the message names epoch and batch: " + r.err());
    assertEquals("1", m.group(1), r.err());
    // The first batch's loss comes from the initial weights, so it is finite: the run stops later,
    // after at least one checkpoint was written.
    assertTrue(Integer.parseInt(m.group(2)) >= 2, r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());

    Path last = out.resolve("last.safetensors");
    assertTrue(Files.isRegularFile(last), "the last good checkpoint is kept: " + r.err());
    int values = 0;
    for (Tensor t : Checkpoint.read(last).tensors().values()) {
      for (float v : t.toArray()) {
        assertTrue(Float.isFinite(v), "the kept checkpoint holds only finite values");
        values++;
      }
    }
    assertTrue(values > 5000, "the checkpoint holds the model: " + values + " values");
    MainTest.Run resumed =
        MainTest.run(
            "evaluate",
            last.toString(),
            "--data",
            MnistCache.dir().toString(),
            "--test-limit",
            "64");
    assertEquals(0, resumed.code(), "the kept checkpoint loads: " + resumed.err());
  }

  @Test
  void cudaWithoutAGpuExits1WithTheProbesReason() {
    BackendProvider cuda = null;
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      if (p.name().equals("cuda")) {
        cuda = p;
      }
    }
    assertTrue(cuda != null, "engine-cuda is on the program's class path");
    assumeFalse(cuda.isAvailable(), "a usable GPU is present; this test is for machines without");
    String reason = cuda.unavailableReason();

    MainTest.Run r =
        MainTest.run(
            "train",
            "--model",
            "net7840",
            "--device",
            "cuda",
            "--data",
            dir.resolve("no-data-needed").toString(),
            "--out",
            dir.resolve("o").toString());

    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains(reason), "the probe's reason '" + reason + "' in: " + r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }
}
