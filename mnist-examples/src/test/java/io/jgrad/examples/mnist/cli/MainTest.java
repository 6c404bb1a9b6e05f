package io.jgrad.examples.mnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.examples.mnist.Main;
import io.jgrad.examples.mnist.models.Models;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;

  /** Exit code, standard output and standard error of one run. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void unknownModelExitsWith2AndListsTheKnownOnes() {
    Run r = run("train", "--model", "net1", "--data", dir.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("unknown model 'net1'"), r.err());
    for (String m : Models.names()) {
      assertTrue(r.err().contains(m), r.err());
    }
  }

  @Test
  void unknownOptionExitsWith2() {
    Run r = run("train", "--model", "net7840", "--bogus", "3");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--bogus"), r.err());
  }

  @Test
  void badOptionValueExitsWith2() {
    Run r = run("train", "--model", "net7840", "--epochs", "ten");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--epochs"), r.err());
  }

  @Test
  void unknownConfigKeyExitsWith2() throws Exception {
    Path f = dir.resolve("c.json");
    Files.writeString(f, "{\"model\": \"net7840\", \"learning_rate\": 0.1}");
    Run r = run("train", "--config", f.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("learning_rate") && r.err().contains(f.toString()), r.err());
  }

  @Test
  void unwritableOutputFolderIsAClearError() throws Exception {
    Path blocker = dir.resolve("a-file");
    Files.writeString(blocker, "not a folder");
    Path out = blocker.resolve("run");
    Run r = run("train", "--model", "net7840", "--data", dir.toString(), "--out", out.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("--out: cannot write to output folder " + out), r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace for a usage problem: " + r.err());
  }

  @Test
  void missingDataFolderIsAClearError() {
    Path absent = dir.resolve("no-mnist-here");
    Run r =
        run(
            "train",
            "--model",
            "net7840",
            "--data",
            absent.toString(),
            "--out",
            dir.resolve("o").toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains(absent.toString()), r.err());
    assertTrue(r.err().contains("--data"), r.err());
  }

  @Test
  void missingCommandExitsWith2() {
    Run r = run();
    assertEquals(2, r.code());
    assertTrue(r.err().contains("train"), r.err());
  }

  @Test
  void modelsListsEveryModelWithItsCount() {
    Run r = run("models");
    assertEquals(0, r.code(), r.err());
    for (String m : Models.names()) {
      assertTrue(r.out().contains(m), r.out());
    }
    assertTrue(r.out().contains("7,840"), r.out());
    assertTrue(r.out().contains("75,828"), r.out());
    assertTrue(r.out().contains("published") && r.out().contains("designed"), r.out());
    assertTrue(r.out().contains("[recipes: tuned, published]"), r.out());
    assertTrue(r.out().contains("[recipes: tuned, steplr]"), r.out());
  }

  @Test
  void summaryAndRfPrintTheTables() {
    Run s = run("summary", "net7840");
    assertEquals(0, s.code(), s.err());
    assertTrue(s.out().contains("7,840"), s.out());
    Run rf = run("rf", "net7826");
    assertEquals(0, rf.code(), rf.err());
    assertTrue(rf.out().contains("Receptive field: 32"), rf.out());
    assertEquals(2, run("rf", "nope").code());
  }

  @Test
  void unknownChainExitsWith2() {
    Run r = run("experiments", "chain1");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("chain5308"), r.err());
  }

  @Test
  void missingResumeCheckpointIsAClearError() {
    Path absent = dir.resolve("nothing.safetensors");
    Run r = run("train", "--resume", absent.toString());
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("checkpoint " + absent + " does not exist"), r.err());
  }
}
