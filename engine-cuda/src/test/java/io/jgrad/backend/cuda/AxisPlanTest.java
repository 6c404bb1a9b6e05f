package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The index plans of the broadcast and sum kernels, executed in Java exactly as the kernels walk
 * them ({@link AxisPlan.Strided#offsetOf}) and compared with naive loops over the full shapes.
 */
class AxisPlanTest {
  @Test
  void expandPlanMatchesNaiveBroadcast() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int t = 0; t < 300; t++) {
      int rank = 1 + rng.nextInt(5);
      int[] to = new int[rank];
      int[] from = new int[rank];
      for (int d = 0; d < rank; d++) {
        to[d] = 1 + rng.nextInt(4);
        from[d] = rng.nextInt(3) == 0 ? 1 : to[d];
      }
      Shape f = Shape.of(from);
      Shape o = Shape.of(to);
      AxisPlan.Strided plan = AxisPlan.expand(f, o);
      assertEquals(o.numel(), plan.count(), "a plan walks every output element");
      int[] fs = f.strides();
      for (int i = 0; i < o.numel(); i++) {
        int rem = i;
        int expected = 0;
        for (int d = rank - 1; d >= 0; d--) {
          int idx = rem % to[d];
          rem /= to[d];
          expected += (from[d] == 1 ? 0 : idx) * fs[d];
        }
        assertEquals(expected, plan.offsetOf(i), f + " -> " + o + " at " + i);
      }
    }
  }

  @Test
  void coalescingMergesChainedDims() {
    AxisPlan.Strided plan = AxisPlan.expand(Shape.of(1, 3, 4), Shape.of(2, 3, 4));
    assertArrayEquals(new int[] {2, 12}, plan.dims());
    assertArrayEquals(new int[] {0, 1}, plan.strides());
    AxisPlan.Strided same = AxisPlan.expand(Shape.of(2, 3, 4), Shape.of(2, 3, 4));
    assertArrayEquals(new int[] {24}, same.dims());
    int[] packed = plan.packed();
    assertEquals(1 + 2 * AxisPlan.MAX_RANK, packed.length);
    assertEquals(2, packed[0]);
    assertEquals(12, packed[2]);
    assertEquals(1, packed[2 + AxisPlan.MAX_RANK]);
  }

  @Test
  void sumPlanMatchesNaiveSums() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int t = 0; t < 300; t++) {
      int rank = 1 + rng.nextInt(5);
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) {
        dims[d] = 1 + rng.nextInt(4);
      }
      List<Integer> axesList = new ArrayList<>();
      for (int d = 0; d < rank; d++) {
        if (rng.nextBoolean()) {
          axesList.add(d);
        }
      }
      int[] axes = axesList.stream().mapToInt(Integer::intValue).toArray();
      Shape s = Shape.of(dims);
      double[] x = new double[s.numel()];
      for (int i = 0; i < x.length; i++) {
        x[i] = rng.nextInt(100);
      }
      AxisPlan.Reduction plan = AxisPlan.sum(s, axes);
      double[] viaPlan = new double[(int) plan.kept().count()];
      for (int o = 0; o < viaPlan.length; o++) {
        long base = plan.kept().offsetOf(o);
        for (int r = 0; r < plan.reduced().count(); r++) {
          viaPlan[o] += x[(int) (base + plan.reduced().offsetOf(r))];
        }
      }
      assertArrayEquals(naiveSum(x, dims, axesList), viaPlan, s + " over " + axesList);
    }
  }

  /** Row-major sums over the kept dims, by decomposing every input index. */
  private static double[] naiveSum(double[] x, int[] dims, List<Integer> axes) {
    int outSize = 1;
    for (int d = 0; d < dims.length; d++) {
      if (!axes.contains(d)) {
        outSize *= dims[d];
      }
    }
    double[] out = new double[outSize];
    for (int i = 0; i < x.length; i++) {
      int rem = i;
      int[] idx = new int[dims.length];
      for (int d = dims.length - 1; d >= 0; d--) {
        idx[d] = rem % dims[d];
        rem /= dims[d];
      }
      int o = 0;
      for (int d = 0; d < dims.length; d++) {
        if (!axes.contains(d)) {
          o = o * dims[d] + idx[d];
        }
      }
      out[o] += x[i];
    }
    return out;
  }

  @Test
  void contiguousRunsAreRecognized() {
    assertTrue(AxisPlan.sum(Shape.of(4, 5, 6), new int[] {2}).reducesContiguousRun());
    assertFalse(AxisPlan.sum(Shape.of(4, 5, 6), new int[] {0}).reducesContiguousRun());
    assertTrue(AxisPlan.sum(Shape.of(8, 3, 5, 5), new int[] {0, 2, 3}).reducesContiguousRun());
    assertTrue(
        CudaReduce.blockPerOutput(AxisPlan.sum(Shape.of(64, 16, 28, 28), new int[] {0, 2, 3})));
    assertFalse(CudaReduce.blockPerOutput(AxisPlan.sum(Shape.of(4, 100000), new int[] {0})));
  }

  @Test
  void badArgumentsAreRejectedWithShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> AxisPlan.expand(Shape.of(2, 3), Shape.of(4, 3)));
    assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 3]"));
    assertThrows(
        IllegalArgumentException.class, () -> AxisPlan.expand(Shape.of(3), Shape.of(2, 3)));
    assertThrows(
        IllegalArgumentException.class, () -> AxisPlan.sum(Shape.of(2, 3), new int[] {1, 0}));
    assertThrows(IllegalArgumentException.class, () -> AxisPlan.sum(Shape.of(2, 3), new int[] {2}));
    int[] nine = {2, 3, 2, 3, 2, 3, 2, 3, 2};
    int[] strides = {1000000, 1, 100000, 10, 10000, 100, 1000, 7, 3};
    IllegalArgumentException r =
        assertThrows(
            IllegalArgumentException.class, () -> AxisPlan.coalesce("test", nine, strides));
    assertTrue(r.getMessage().contains("9 dims"), r.getMessage());
  }
}
