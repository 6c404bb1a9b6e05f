package io.jgrad.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Shape;
import io.jgrad.examples.mnist.models.Models;
import io.jgrad.nn.layers.Conv2d;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NetworkProfileTest {
  /** Multiply-adds per image of net7840's eight convolutions: Cout*Ho*Wo*Cin*k*k each. */
  private static final long NET7840_MACS =
      10L * 26 * 26 * 1 * 9
          + 10L * 24 * 24 * 10 * 9
          + 15L * 22 * 22 * 10 * 9
          + 10L * 11 * 11 * 15 * 1
          + 10L * 9 * 9 * 10 * 9
          + 10L * 7 * 7 * 10 * 9
          + 10L * 5 * 5 * 10 * 9
          + 10L * 1 * 1 * 10 * 25;

  @Test
  void net7840FlopsFollowFromItsLayerShapes() {
    NetworkProfile p =
        NetworkProfile.trace(Models.create("net7840", 0.0, 0L), Shape.of(4, 1, 28, 28));
    assertEquals(4, p.batch());
    assertEquals(2.0 * NET7840_MACS, p.forwardFlopsPerImage(), 1e-6);
    // Forward, weight gradient and input gradient, except the first layer's input gradient.
    double firstLayer = 2.0 * 10 * 26 * 26 * 9;
    assertEquals(3 * 2.0 * NET7840_MACS - firstLayer, p.trainingFlopsPerImage(), 1e-6);
    assertEquals(8.235e6, p.trainingFlopsPerImage(), 1e3, "the issue's ~8.4 MFLOP floor figure");
    NetworkProfile.Layer first = p.layers().get(0);
    assertTrue(first.module() instanceof Conv2d);
    assertFalse(first.needsInputGrad(), "the image needs no gradient");
    assertTrue(p.layers().get(1).needsInputGrad());
    assertEquals(Shape.of(4, 10, 26, 26), first.out());
  }

  @Test
  void stepBreakdownPrintsEveryLayerAndTheTotals() {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      StepBreakdown.main(
          new String[] {
            "--batch", "4", "--warmup", "1", "--steps", "2", "--reps", "1", "--threads", "1"
          });
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("training step: median"), out);
    assertTrue(out.contains("conv.backwardWeight"), out);
    assertTrue(out.contains("optim.sgdStep"), out);
    assertTrue(out.contains("sum of isolated kernels"), out);
    long convRows = out.lines().filter(l -> l.matches("\\d+\\s+Conv2d\\s.*")).count();
    assertEquals(8, convRows, "net7840 has eight convolutions:\n" + out);
  }
}
