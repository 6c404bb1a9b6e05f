package io.jgrad.examples.mnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  /**
   * Three classes, eight examples: true 0 → {0, 0, 1}, true 1 → {1, 1, 1, 2}, true 2 → {0}.
   * Counting by hand: correct = 2 + 3 + 0 = 5 of 8; recall(0) = 2/3, recall(1) = 3/4, recall(2) =
   * 0/1; predicted 0 three times (2 right), 1 four times (3 right), 2 once (0 right).
   */
  private static ConfusionMatrix example() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    m.addAll(new int[] {0, 0, 0, 1, 1, 1, 1, 2}, new int[] {0, 0, 1, 1, 1, 1, 2, 0});
    return m;
  }

  @Test
  void countsLandInTrueRowPredictedColumn() {
    ConfusionMatrix m = example();
    assertEquals(2, m.count(0, 0));
    assertEquals(1, m.count(0, 1));
    assertEquals(3, m.count(1, 1));
    assertEquals(1, m.count(1, 2));
    assertEquals(1, m.count(2, 0));
    assertEquals(0, m.count(2, 2));
    assertEquals(8, m.total());
    assertEquals(5, m.correct());
    assertEquals(3, m.maxCount());
  }

  @Test
  void accuracyRecallAndPrecision() {
    ConfusionMatrix m = example();
    assertEquals(100.0 * 5 / 8, m.accuracy(), 1e-12);
    assertEquals(100.0 * 2 / 3, m.recall(0), 1e-12);
    assertEquals(100.0 * 3 / 4, m.recall(1), 1e-12);
    assertEquals(0.0, m.recall(2), 1e-12);
    assertEquals(100.0 * 2 / 3, m.precision(0), 1e-12);
    assertEquals(100.0 * 3 / 4, m.precision(1), 1e-12);
    assertEquals(0.0, m.precision(2), 1e-12);
    assertEquals(3, m.support(0));
    assertEquals(4, m.predictedCount(1));
  }

  @Test
  void emptyMatrixHasNoAccuracy() {
    ConfusionMatrix m = new ConfusionMatrix(10);
    assertTrue(Double.isNaN(m.accuracy()));
    assertTrue(Double.isNaN(m.recall(3)));
  }

  @Test
  void formatShowsEveryRowAndTheAccuracy() {
    String s = example().format();
    String[] lines = s.split("\n");
    assertEquals(1 + 3 + 1, lines.length, s);
    assertTrue(lines[2].trim().startsWith("1"), s);
    assertTrue(lines[2].contains("75.00%"), s);
    assertTrue(s.contains("accuracy 62.50% (5 / 8)"), s);
  }

  @Test
  void rejectsLabelsOutOfRangeAndLengthMismatch() {
    ConfusionMatrix m = new ConfusionMatrix(10);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.add(10, 0));
    assertTrue(e.getMessage().contains("trueLabel") && e.getMessage().contains("10"));
    assertThrows(IllegalArgumentException.class, () -> m.add(0, -1));
    assertThrows(IllegalArgumentException.class, () -> m.addAll(new int[2], new int[3]));
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(0));
  }
}
