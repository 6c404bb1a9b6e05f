package io.jgrad.examples.mnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NanGuardTest {
  @TempDir Path dir;

  @Test
  void absurdLearningRateStopsWithEpochAndBatchAndKeepsAFiniteCheckpoint() throws Exception {
    Path out = dir.resolve("diverge");
    TrainConfig cfg =
        TrainRuns.config(
            out,
            "model",
            "net5308",
            "train-limit",
            "1024",
            "test-limit",
            "64",
            "epochs",
            "1",
            "batch-size",
            "32",
            "lr",
            "1e30",
            "schedule",
            "none",
            "checkpoint-every",
            "1");
    NonFiniteLossException e =
        assertThrows(
            NonFiniteLossException.class,
            () -> TrainRuns.trainer(cfg, new ByteArrayOutputStream()).run());
    assertEquals(1, e.epoch());
    assertTrue(e.batch() >= 1 && e.batch() <= 32, "batch " + e.batch());
    assertTrue(
        e.getMessage().contains("epoch 1, batch " + e.batch())
            || e.getMessage().contains("after epoch 1, batch " + e.batch()),
        e.getMessage());
    assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
    Path last = out.resolve("last.safetensors");
    // The first batch's loss comes from the initial weights and is finite, so at least one
    // checkpoint was written before the stop.
    assertTrue(e.batch() >= 2, "batch " + e.batch());
    assertTrue(Files.exists(last), "the last good checkpoint is kept");
    for (Tensor t : Checkpoint.read(last).tensors().values()) {
      for (float v : t.toArray()) {
        assertTrue(Float.isFinite(v), "the kept checkpoint holds only finite values");
      }
    }
    assertTrue(!Files.exists(out.resolve("metrics.json")), "no epoch was completed");
  }

  @Test
  void finiteLossPassesAndNaNOrInfinityThrow() {
    NanGuard.checkLoss(2.3, 1, 1, 0.1, null);
    NonFiniteLossException nan =
        assertThrows(
            NonFiniteLossException.class, () -> NanGuard.checkLoss(Double.NaN, 4, 17, 0.5, "x"));
    assertEquals(4, nan.epoch());
    assertEquals(17, nan.batch());
    assertTrue(nan.getMessage().contains("epoch 4, batch 17"), nan.getMessage());
    assertTrue(nan.getMessage().contains("last good checkpoint is x"), nan.getMessage());
    assertThrows(
        NonFiniteLossException.class,
        () -> NanGuard.checkLoss(Double.POSITIVE_INFINITY, 1, 1, 0.5, null));
  }
}
