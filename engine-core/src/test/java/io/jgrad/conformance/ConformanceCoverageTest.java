package io.jgrad.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jgrad.testing.ConformanceCase;
import io.jgrad.testing.ConformanceDir;
import io.jgrad.testing.CoreOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every conformance case (in {@code -Djgrad.conformance.dir} when set, else the repository's
 * conformance folder) has an op that some module runs: engine-core's own ({@link CoreOps#OPS}, run
 * by {@link CoreConformanceTest}) or one owned by another module in {@link #OTHER_MODULES}. A case
 * with an op nobody runs fails the build with its name, so no case is silently skipped.
 */
class ConformanceCoverageTest {
  /** The ops other modules own, and which module runs their cases. */
  static final Map<String, String> OTHER_MODULES =
      Map.of(
          "sgd_steps", "nn",
          "adam_steps", "nn",
          "lr_schedule", "nn",
          "model", "nn",
          "rotate", "mnist-examples",
          "batch_norm1d", "nn",
          "conv2d_same", "nn");

  @Test
  void everyCaseHasAnOwner() {
    List<String> orphans = new ArrayList<>();
    List<ConformanceCase> cases = ConformanceCase.all();
    for (ConformanceCase c : cases) {
      if (!CoreOps.OPS.contains(c.op()) && !OTHER_MODULES.containsKey(c.op())) {
        orphans.add(c.name() + " (op '" + c.op() + "')");
      }
    }
    if (!orphans.isEmpty()) {
      fail(
          orphans.size()
              + " conformance case(s) in "
              + ConformanceDir.get()
              + " have an op no module runs: "
              + orphans
              + ". Run them in engine-core (CoreOps)"
              + " or declare the owning module in ConformanceCoverageTest.OTHER_MODULES.");
    }
    assertFalse(cases.isEmpty());
  }

  @Test
  void ownershipIsUnambiguous() {
    for (String op : OTHER_MODULES.keySet()) {
      assertFalse(CoreOps.OPS.contains(op), op + " is claimed by engine-core and another module");
    }
  }

  @Test
  void manifestAgreesWithTheCases() throws IOException {
    Path manifest = ConformanceDir.get().resolve("manifest.json");
    if (!Files.isRegularFile(manifest)) {
      return; // a hand-made case folder need not have one
    }
    JsonNode m = new ObjectMapper().readTree(manifest.toFile());
    Map<String, Integer> found = new TreeMap<>();
    Map<String, String> opByName = new TreeMap<>();
    for (ConformanceCase c : ConformanceCase.all()) {
      found.merge(c.op(), 1, Integer::sum);
      opByName.put(c.name(), c.op());
    }
    if (m.has("counts_per_op")) {
      Map<String, Integer> declared = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = m.get("counts_per_op").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        declared.put(e.getKey(), e.getValue().asInt());
      }
      assertEquals(declared, found, "manifest.json counts_per_op vs. the cases in the folder");
    }
    if (m.has("num_cases")) {
      assertEquals(m.get("num_cases").asInt(), opByName.size(), "manifest.json num_cases");
    }
    for (JsonNode entry : m.path("cases")) {
      String name = entry.get("name").asText();
      assertTrue(opByName.containsKey(name), "manifest lists case " + name + " but it is missing");
      assertEquals(entry.get("op").asText(), opByName.get(name), "op of case " + name);
      Path file =
          ConformanceDir.get().resolve(entry.path("file").asText("cases/" + name + ".json"));
      assertTrue(Files.isRegularFile(file), "manifest names file " + file + " for " + name);
    }
  }
}
