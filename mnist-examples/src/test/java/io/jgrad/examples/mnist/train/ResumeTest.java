package io.jgrad.examples.mnist.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import io.jgrad.examples.mnist.report.EpochRecord;
import io.jgrad.examples.mnist.report.TrainingLog;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run interrupted mid-epoch (twice) and resumed from {@code last.safetensors} ends bit for bit
 * where the uninterrupted run ends: same weights, batch-norm statistics, optimizer and schedule
 * state, dropout masks and augmentations.
 */
class ResumeTest {
  @TempDir Path dir;

  private static final String[] RUN = {
    "model", "net5308", "train-limit", "512", "test-limit", "256", "epochs", "2",
    "batch-size", "64", "dropout", "0.1", "rotation", "10", "schedule", "onecycle",
    "lr", "0.05", "seed", "3"
  };

  @Test
  void resumedRunEqualsUninterruptedRun() throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    Path a = dir.resolve("straight");
    TrainingLog straight = TrainRuns.trainer(TrainRuns.config(a, RUN), sink).run();
    assertEquals(2, straight.epochs().size());

    Path b = dir.resolve("resumed");
    Trainer first = TrainRuns.trainer(TrainRuns.config(b, RUN), sink).stopAfterBatches(3);
    first.run();
    assertTrue(first.interrupted());
    Checkpoint.Position p1 = Checkpoint.read(b.resolve("last.safetensors")).position();
    assertEquals(new Checkpoint.Position(0, 3, p1.lossSum(), p1.correct(), 192, p1.seconds()), p1);
    assertFalse(Files.exists(b.resolve("metrics.json")), "no epoch finished yet");

    Path ckpt = b.resolve("last.safetensors");
    // 5 more batches finish epoch 1 (512 / 64 = 8 batches), 2 more stop inside epoch 2.
    Trainer second =
        TrainRuns.trainer(TrainRuns.config(b, "resume", ckpt.toString()), sink).stopAfterBatches(7);
    second.run();
    assertTrue(second.interrupted());
    Checkpoint.Position p2 = Checkpoint.read(ckpt).position();
    assertEquals(1, p2.epoch());
    assertEquals(2, p2.nextBatch());
    assertEquals(1, TrainingLog.read(b.resolve("metrics.json")).epochs().size());

    TrainingLog resumed =
        TrainRuns.trainer(TrainRuns.config(b, "resume", ckpt.toString()), sink).run();

    Map<String, Tensor> x = Checkpoint.read(a.resolve("last.safetensors")).tensors();
    Map<String, Tensor> y = Checkpoint.read(ckpt).tensors();
    assertEquals(x.keySet(), y.keySet());
    assertTrue(x.keySet().stream().anyMatch(k -> k.startsWith("optim.")), x.keySet().toString());
    for (String k : x.keySet()) {
      assertArrayEquals(x.get(k).toArray(), y.get(k).toArray(), k);
    }
    List<EpochRecord> e1 = straight.epochs();
    List<EpochRecord> e2 = resumed.epochs();
    assertEquals(e1.size(), e2.size());
    for (int i = 0; i < e1.size(); i++) {
      assertEquals(e1.get(i).trainLoss(), e2.get(i).trainLoss(), 0.0, "train loss " + i);
      assertEquals(e1.get(i).trainAcc(), e2.get(i).trainAcc(), 0.0, "train acc " + i);
      assertEquals(e1.get(i).testLoss(), e2.get(i).testLoss(), 0.0, "test loss " + i);
      assertEquals(e1.get(i).lr(), e2.get(i).lr(), 0.0, "lr " + i);
    }
    assertTrue(Files.exists(b.resolve("best.safetensors")));
    assertTrue(Files.exists(b.resolve("curves.png")));
  }

  @Test
  void checkpointNamesItsModelAndConfiguration() throws Exception {
    Path a = dir.resolve("one");
    TrainRuns.trainer(
            TrainRuns.config(
                a, "model", "net4764", "train-limit", "128", "test-limit", "64", "epochs", "1"),
            new ByteArrayOutputStream())
        .run();
    Checkpoint.Contents c = Checkpoint.read(a.resolve("best.safetensors"));
    assertEquals("net4764", c.model());
    assertEquals(Checkpoint.FORMAT, c.metadata().get("format"));
    assertEquals("4764", c.metadata().get("params"));
    assertEquals("128", Checkpoint.readConfig(a.resolve("last.safetensors")).get("train-limit"));
    assertEquals(new Checkpoint.Position(1, 0, 0, 0, 0, 0), c.position());
  }
}
