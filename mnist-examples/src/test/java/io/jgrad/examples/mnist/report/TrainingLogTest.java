package io.jgrad.examples.mnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLogTest {
  @TempDir Path dir;

  private static TrainingLog threeEpochs() {
    TrainingLog log = new TrainingLog("net7840", 7840, "cpu");
    log.add(new EpochRecord(1, 0.5, 85.0, 0.2, 95.5, 0.01, 40.0, 1500.0));
    log.add(new EpochRecord(2, 0.1, 97.0, 0.05, 98.9, 0.01, 41.0, 1490.0));
    log.add(new EpochRecord(3, 0.08, 97.5, 0.06, 98.9, 0.001, 39.5, 1510.0));
    return log;
  }

  private static List<String> keys(JsonNode n) {
    List<String> k = new ArrayList<>();
    n.fieldNames().forEachRemaining(k::add);
    return k;
  }

  @Test
  void metricsJsonHasExactlyTheDocumentedSchema() throws Exception {
    Path f = dir.resolve("metrics.json");
    threeEpochs().write(f);
    JsonNode root = new ObjectMapper().readTree(Files.readString(f));
    assertEquals(
        List.of("model", "params", "device", "epochs", "best_test_acc", "best_epoch"), keys(root));
    assertEquals("net7840", root.get("model").asText());
    assertEquals(7840, root.get("params").asInt());
    assertEquals("cpu", root.get("device").asText());
    assertEquals(3, root.get("epochs").size());
    JsonNode e = root.get("epochs").get(1);
    assertEquals(
        List.of(
            "epoch",
            "train_loss",
            "train_acc",
            "test_loss",
            "test_acc",
            "lr",
            "seconds",
            "train_images_per_sec"),
        keys(e));
    assertEquals(2, e.get("epoch").asInt());
    assertEquals(98.9, e.get("test_acc").asDouble());
    assertEquals(1490.0, e.get("train_images_per_sec").asDouble());
  }

  @Test
  void bestEpochIsTheFirstWithTheHighestTestAccuracy() {
    TrainingLog log = threeEpochs();
    assertEquals(2, log.bestEpoch());
    assertEquals(98.9, log.bestTestAcc());
    TrainingLog empty = new TrainingLog("x", 1, "cpu");
    assertEquals(0, empty.bestEpoch());
    assertTrue(Double.isNaN(empty.bestTestAcc()));
  }

  @Test
  void roundTripsAndTruncates() {
    Path f = dir.resolve("m.json");
    TrainingLog log = threeEpochs();
    log.write(f);
    TrainingLog back = TrainingLog.read(f);
    assertEquals(log.epochs(), back.epochs());
    assertEquals(log.toJson(), back.toJson());
    back.truncate(1);
    assertEquals(1, back.epochs().size());
    assertEquals(1, back.bestEpoch());
  }

  @Test
  void epochsMustArriveInOrder() {
    TrainingLog log = new TrainingLog("x", 1, "cpu");
    assertThrows(
        IllegalArgumentException.class, () -> log.add(new EpochRecord(2, 0, 0, 0, 0, 0, 0, 0)));
  }

  @Test
  void writingLeavesNoTemporaryFiles() throws Exception {
    Path f = dir.resolve("metrics.json");
    threeEpochs().write(f);
    threeEpochs().write(f);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(f), files.toList());
    }
  }

  @Test
  void malformedLogNamesTheSource() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrainingLog.fromJson("{", "here.json"));
    assertTrue(e.getMessage().startsWith("here.json"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrainingLog.fromJson("{\"model\": 3}", "there.json"));
    assertTrue(e.getMessage().contains("\"model\""), e.getMessage());
  }
}
