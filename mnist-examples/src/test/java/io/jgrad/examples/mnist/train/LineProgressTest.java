package io.jgrad.examples.mnist.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineProgressTest {
  private long now;

  private String run(int total, int start) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    LineProgress p =
        new LineProgress(new PrintStream(sink, true, StandardCharsets.UTF_8), () -> now);
    now = 0;
    p.start(2, 15, total, start);
    for (int b = start + 1; b <= total; b++) {
      now += 100_000_000L; // 0.1 s per batch: 10 it/s
      p.update(b, 0.5, 90.0);
    }
    p.finish();
    return sink.toString(StandardCharsets.UTF_8);
  }

  @Test
  void oneLinePerTenthOfTheEpoch() {
    String s = run(469, 0);
    String[] lines = s.split("\n");
    assertEquals(10, lines.length, s);
    assertTrue(lines[0].contains("epoch 2/15") && lines[0].contains("47/469"), lines[0]);
    assertTrue(lines[9].contains("100%") && lines[9].contains("469/469"), lines[9]);
    assertTrue(lines[0].contains("10.0 it/s"), lines[0]);
    assertTrue(lines[0].contains("loss 0.5000 acc 90.00%"), lines[0]);
  }

  @Test
  void fewBatchesStillEndAtHundredPercent() {
    String[] lines = run(3, 0).split("\n");
    assertEquals(3, lines.length);
    assertTrue(lines[2].contains("100%"));
  }

  @Test
  void resumedEpochCountsFromItsStart() {
    String[] lines = run(100, 55).split("\n");
    assertEquals(5, lines.length, String.join("\n", lines));
    assertTrue(lines[0].contains("60/100"), lines[0]);
  }
}
