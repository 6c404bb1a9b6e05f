package io.jgrad.nn.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.nn.Sequential;
import io.jgrad.nn.TestNets;
import io.jgrad.nn.layers.BatchNorm2d;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.GlobalAvgPool2d;
import io.jgrad.nn.layers.ReLU;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Receptive-field arithmetic of the 7,840-parameter network and of strided/dilated layers. */
class ReceptiveFieldTest {
  @Test
  void mnistNetworkReachesTwentyEight() {
    ReceptiveField rf = ReceptiveField.of(TestNets.mnist7840(0), 28);
    // Derivation: r += (k-1)·j and j *= s over (k, s) = 3,3,3 convs, the 2x2/2 pool, the 1x1
    // conv, three 3x3 convs and the 5x5 conv; sizes shrink by k-1 (the pool halves).
    int[][] ks = {{3, 1}, {3, 1}, {3, 1}, {2, 2}, {1, 1}, {3, 1}, {3, 1}, {3, 1}, {5, 1}};
    List<Integer> expectedRf = new ArrayList<>();
    List<Integer> expectedSize = new ArrayList<>();
    int r = 1;
    int j = 1;
    int n = 28;
    for (int[] x : ks) {
      r += (x[0] - 1) * j;
      j *= x[1];
      n = (n - x[0]) / x[1] + 1;
      expectedRf.add(r);
      expectedSize.add(n);
    }
    assertEquals(List.of(3, 5, 7, 8, 8, 12, 16, 20, 28), expectedRf);
    assertEquals(List.of(26, 24, 22, 11, 11, 9, 7, 5, 1), expectedSize);
    assertEquals(expectedRf, rf.rows().stream().map(ReceptiveField.Row::rfOut).toList());
    assertEquals(expectedSize, rf.rows().stream().map(ReceptiveField.Row::sizeOut).toList());
    assertEquals(28, rf.receptiveField());
    assertEquals(1, rf.outputSize());
    ReceptiveField.Row pool = rf.rows().get(3);
    assertEquals("12", pool.layer());
    assertEquals("MaxPool2d", pool.type());
    assertEquals(1, pool.jumpIn());
    assertEquals(2, pool.jumpOut());
    assertEquals(2, rf.rows().get(8).jumpIn());
    assertTrue(rf.toString().endsWith("Receptive field: 28\n"), rf.toString());
  }

  @Test
  void strideDilationPaddingAndGlobalPooling() {
    Sequential net =
        new Sequential(
            Conv2d.builder(1, 2, 3).stride(2).padding(1).dilation(2).build(),
            new BatchNorm2d(2),
            new ReLU(),
            new GlobalAvgPool2d());
    ReceptiveField rf = ReceptiveField.of(net, 32);
    assertEquals(2, rf.rows().size(), "BN and ReLU pass through");
    ReceptiveField.Row conv = rf.rows().get(0);
    // n_out = floor((32 + 2 - 2·2 - 1) / 2) + 1 = 15; r = 1 + 2·2·1 = 5; j = 2
    assertEquals(15, conv.sizeOut());
    assertEquals(5, conv.rfOut());
    assertEquals(2, conv.jumpOut());
    ReceptiveField.Row gap = rf.rows().get(1);
    // global pooling: kernel = input size 15, r = 5 + 14·2 = 33
    assertEquals(15, gap.kernel());
    assertEquals(1, gap.sizeOut());
    assertEquals(33, gap.rfOut());
  }
}
