package io.jgrad.examples.mnist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.examples.mnist.report.TrainingLog;
import io.jgrad.examples.mnist.testing.MnistCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end on small slices of the real data. */
class CommandsTest {
  @TempDir Path dir;

  private static String data() {
    return MnistCache.dir().toString();
  }

  @Test
  void trainThenEvaluateWritesTheReports() throws Exception {
    Path out = dir.resolve("run");
    MainTest.Run t =
        MainTest.run(
            "train",
            "--model",
            "net5308",
            "--data",
            data(),
            "--epochs",
            "1",
            "--train-limit",
            "1024",
            "--test-limit",
            "300",
            "--out",
            out.toString());
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("epoch 1/1  train loss"), t.out());
    TrainingLog log = TrainingLog.read(out.resolve("metrics.json"));
    Path ckpt = out.resolve("best.safetensors");

    MainTest.Run e =
        MainTest.run(
            "evaluate",
            ckpt.toString(),
            "--data",
            data(),
            "--test-limit",
            "300",
            "--train",
            "--train-limit",
            "200",
            "--grid",
            "12");
    assertEquals(0, e.code(), e.err());
    Matcher m = Pattern.compile("test: accuracy ([0-9.]+)% \\((\\d+) / 300\\)").matcher(e.out());
    assertTrue(m.find(), e.out());
    assertEquals(log.bestTestAcc(), Double.parseDouble(m.group(1)), 0.005, e.out());
    assertTrue(e.out().contains("train: accuracy"), e.out());
    assertTrue(e.out().contains("true\\pred"), e.out());
    for (String f :
        List.of(
            "confusion.png",
            "misclassified.png",
            "confusion-train.png",
            "misclassified-train.png")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
  }

  @Test
  void evaluateRejectsAFileThatIsNoCheckpoint() throws Exception {
    Path junk = dir.resolve("junk.safetensors");
    Files.writeString(junk, "definitely not safetensors");
    MainTest.Run e = MainTest.run("evaluate", junk.toString(), "--data", data());
    assertEquals(1, e.code());
    assertTrue(e.err().contains(junk.toString()), e.err());
  }

  @Test
  void lrFindPrintsASuggestionAndSavesThePlot() throws Exception {
    Path out = dir.resolve("lr");
    MainTest.Run r =
        MainTest.run(
            "lr-find",
            "net4764",
            "--data",
            data(),
            "--train-limit",
            "640",
            "--batch-size",
            "32",
            "--iterations",
            "30",
            "--start-lr",
            "1e-4",
            "--end-lr",
            "5",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("suggested lr:"), r.out());
    assertTrue(Files.size(out.resolve("lr-find.png")) > 0);
  }

  @Test
  void experimentsTrainEveryStepAndPrintTheTable() throws Exception {
    Path out = dir.resolve("chain");
    MainTest.Run r =
        MainTest.run(
            "experiments",
            "chain5308",
            "--data",
            data(),
            "--epochs",
            "1",
            "--train-limit",
            "256",
            "--test-limit",
            "100",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    List<String> rows = Files.readAllLines(out.resolve("summary.txt"));
    assertEquals(1 + 10, rows.size(), String.join("\n", rows));
    assertTrue(rows.get(0).contains("1st>=99.4"), rows.get(0));
    assertTrue(rows.get(1).contains("net75828") && rows.get(1).contains("75,828"), rows.get(1));
    assertTrue(rows.get(10).contains("net5308") && rows.get(10).contains("5,308"), rows.get(10));
    assertTrue(rows.get(0).contains("published test"), rows.get(0));
    assertTrue(rows.get(10).contains("99.41 (10)"), rows.get(10));
    assertTrue(rows.get(8).contains("99.53 (8)"), rows.get(8));
    assertTrue(Files.exists(out.resolve("step10-net5308").resolve("metrics.json")));
    assertTrue(r.out().contains("== step 10/10"), r.out());
  }
}
