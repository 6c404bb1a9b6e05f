package io.jgrad.benchmarks.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.backend.params.Pool2dParams;
import org.junit.jupiter.api.Test;

class ShapesTest {
  @Test
  void convSpecGivesTheLayerAndItsOutputSize() {
    Conv2dParams p = Shapes.conv("10x24x24->15k3", 128);
    assertEquals(new Conv2dParams(128, 10, 24, 24, 15, 3, 3, 1, 1, 0, 0, 1, 1, 1), p);
    assertEquals(22, p.outH(), "24 - 3 + 1");
    // 2 FLOP per multiply-add: 128 images * 15 channels * 22*22 pixels * 10*3*3 taps.
    assertEquals(2.0 * 128 * 15 * 484 * 90, Flops.convForward(p).flops());
    Conv2dParams padded = Shapes.conv("16x14x14->32k3s2p1", 4);
    assertEquals(2, padded.strideH());
    assertEquals(1, padded.padW());
    assertEquals(7, padded.outH(), "(14 + 2 - 3) / 2 + 1");
  }

  @Test
  void poolSpecDefaultsTheStrideToTheWindow() {
    Pool2dParams p = Shapes.pool("15x22x22k2", 128);
    assertEquals(2, p.strideH());
    assertEquals(11, p.outH());
    assertArrayEquals(new int[] {10, 90, 576}, Shapes.gemm("10x90x576"));
    assertArrayEquals(new int[] {128, 10}, Shapes.rows("128x10"));
    assertEquals(10 * 26 * 26, Shapes.norm("10x26x26", 1).size());
  }

  @Test
  void badSpecsNameTheExpectedForm() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Shapes.conv("10x24->15k3", 1));
    assertTrue(e.getMessage().contains("10x24->15k3"), e.getMessage());
    assertTrue(e.getMessage().contains("Cin x H x W"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Shapes.chw("0x5x5"));
    assertThrows(IllegalArgumentException.class, () -> Shapes.conv("1x5x5->1k3", 0));
  }

  @Test
  void workTurnsTimeIntoRates() {
    Work w = new Work(2e9, 4e9);
    assertEquals(4.0, w.gflops(0.5), 1e-12);
    assertEquals(8.0, w.gbytes(0.5), 1e-12);
    assertEquals(0.5, w.intensity(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> new Work(-1, 0));
  }
}
