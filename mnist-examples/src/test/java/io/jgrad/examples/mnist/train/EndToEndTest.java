package io.jgrad.examples.mnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.examples.mnist.report.EpochRecord;
import io.jgrad.examples.mnist.report.TrainingLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real end-to-end check: {@code net7840} trained for one epoch on the first 10,000 training
 * images (313 steps of 32) reaches at least 97% on the full 10,000-image test set.
 */
class EndToEndTest {
  @TempDir Path dir;

  @Test
  void oneEpochOnTenThousandImagesReaches97Percent() throws Exception {
    Path out = dir.resolve("e2e");
    TrainConfig cfg = TrainRuns.oneEpochOnTenThousand(out);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    TrainingLog log = TrainRuns.trainer(cfg, printed).run();
    String text = printed.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertEquals(1, log.epochs().size());
    EpochRecord e = log.epochs().get(0);
    assertTrue(e.testAcc() >= 97.0, "test accuracy " + e.testAcc() + "%:\n" + text);
    assertTrue(text.contains("epoch 1/1  train loss"), text);
    TrainingLog onDisk = TrainingLog.read(out.resolve("metrics.json"));
    assertEquals(log.toJson(), onDisk.toJson());
    assertEquals(7840, onDisk.params());
    assertTrue(Files.size(out.resolve("curves.png")) > 0);
    assertTrue(Files.exists(out.resolve("best.safetensors")));
  }
}
