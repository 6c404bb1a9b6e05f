package io.jgrad.backend.cpu;

import static io.jgrad.backend.cpu.KernelPair.BOTH;
import static io.jgrad.backend.cpu.KernelPair.CPU;
import static io.jgrad.backend.cpu.KernelPair.REF;
import static io.jgrad.backend.cpu.KernelPair.assertValues;
import static io.jgrad.backend.cpu.KernelPair.on;
import static io.jgrad.backend.cpu.KernelPair.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Broadcast copies: exact equality with the reference on random broadcast patterns. */
class CpuCopyVsReferenceTest {

  private static void assertSameExpand(float[] x, Shape from, Shape to) {
    double[] ref = values(REF.copy().expand(on(REF, x), from, to));
    double[] cpu = values(CPU.copy().expand(on(CPU, x), from, to));
    assertArrayEquals(ref, cpu, 0.0, "expand " + from + " -> " + to);
  }

  @Test
  void randomBroadcastsMatchReferenceExactly() {
    SplittableRandom rng = new SplittableRandom(21);
    for (int trial = 0; trial < 300; trial++) {
      int rank = rng.nextInt(6);
      int[] to = new int[rank];
      int[] from = new int[rank];
      for (int d = 0; d < rank; d++) {
        to[d] = rng.nextInt(4) == 0 ? 1 : 1 + rng.nextInt(7);
        from[d] = rng.nextBoolean() ? 1 : to[d];
      }
      Shape f = Shape.of(from);
      float[] x = KernelPair.uniform(rng, f.numel(), -1, 1);
      assertSameExpand(x, f, Shape.of(to));
    }
  }

  @Test
  void largeBroadcastsSplitAcrossChunks() {
    SplittableRandom rng = new SplittableRandom(22);
    int[][][] cases = {
      {{1, 300}, {300, 300}},
      {{257, 1}, {257, 513}},
      {{1, 1, 1}, {70, 30, 40}},
      {{3, 1, 5, 1}, {3, 2000, 5, 7}},
      {{1, 37, 1, 11}, {13, 37, 17, 11}},
      {{100003}, {100003}}
    };
    for (int[][] c : cases) {
      Shape from = Shape.of(c[0]);
      assertSameExpand(KernelPair.uniform(rng, from.numel(), -1, 1), from, Shape.of(c[1]));
    }
  }

  @Test
  void zeroSizedOutputs() {
    for (Backend b : BOTH) {
      Storage s = b.copy().expand(on(b, new float[0]), Shape.of(0, 1), Shape.of(0, 4));
      assertTrue(s.size() == 0, b.device().toString());
      Storage t = b.copy().expand(on(b, 5), Shape.of(1, 1), Shape.of(3, 0));
      assertTrue(t.size() == 0, b.device().toString());
    }
  }

  @Test
  void handComputedBroadcasts() {
    for (Backend b : BOTH) {
      var k = b.copy();
      // A column [2,1] repeats along the row: row i is filled with x[i].
      assertValues(
          "column",
          new double[] {1, 1, 1, 2, 2, 2},
          k.expand(on(b, 1, 2), Shape.of(2, 1), Shape.of(2, 3)));
      // A row [1,3] repeats down the rows.
      assertValues(
          "row",
          new double[] {1, 2, 3, 1, 2, 3},
          k.expand(on(b, 1, 2, 3), Shape.of(1, 3), Shape.of(2, 3)));
      // [2,1,2] -> [2,2,2]: out[i,j,k] = x[i,0,k].
      assertValues(
          "middle",
          new double[] {1, 2, 1, 2, 3, 4, 3, 4},
          k.expand(on(b, 1, 2, 3, 4), Shape.of(2, 1, 2), Shape.of(2, 2, 2)));
      assertValues("scalar", new double[] {7, 7, 7}, k.expand(on(b, 7), Shape.of(1), Shape.of(3)));
      assertValues("rank 0", new double[] {7}, k.expand(on(b, 7), Shape.scalar(), Shape.scalar()));
    }
  }

  @Test
  void invalidExpandsAreRejected() {
    for (Backend b : BOTH) {
      var k = b.copy();
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> k.expand(on(b, 1, 2), Shape.of(2), Shape.of(3)));
      assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
      assertThrows(
          IllegalArgumentException.class, () -> k.expand(on(b, 1, 2), Shape.of(2), Shape.of(1, 2)));
      assertThrows(
          IllegalArgumentException.class, () -> k.expand(on(b, 1, 2, 3), Shape.of(2), Shape.of(2)));
    }
  }
}
