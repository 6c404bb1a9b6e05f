package io.jgrad.backend.cpu;

import static io.jgrad.backend.cpu.KernelPair.BOTH;
import static io.jgrad.backend.cpu.KernelPair.CPU;
import static io.jgrad.backend.cpu.KernelPair.REF;
import static io.jgrad.backend.cpu.KernelPair.assertValues;
import static io.jgrad.backend.cpu.KernelPair.on;
import static io.jgrad.backend.cpu.KernelPair.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sums over axes: random shapes and axis sets, long reductions, thread-count independence. */
class CpuReduceVsReferenceTest {

  /** The CPU result is a double sum rounded once to float. */
  private static void assertSumMatches(float[] x, Shape shape, int[] axes) {
    Storage ref = REF.reduce().sum(on(REF, x), shape, axes);
    Storage cpu = CPU.reduce().sum(on(CPU, x), shape, axes);
    String what = "sum " + shape + " over " + Arrays.toString(axes);
    KernelPair.assertClose(what, ref, cpu, 1e-6, 1e-6);
  }

  private static int[] randomAxes(SplittableRandom rng, int rank) {
    List<Integer> axes = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      if (rng.nextBoolean()) {
        axes.add(d);
      }
    }
    return axes.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void randomShapesAndAxesMatchReference() {
    SplittableRandom rng = new SplittableRandom(31);
    for (int trial = 0; trial < 400; trial++) {
      int rank = rng.nextInt(6);
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) {
        dims[d] = rng.nextInt(5) == 0 ? 1 : 1 + rng.nextInt(9);
      }
      Shape shape = Shape.of(dims);
      assertSumMatches(KernelPair.uniform(rng, shape.numel(), -1, 1), shape, randomAxes(rng, rank));
    }
  }

  @Test
  void largeReductionsMatchReference() {
    SplittableRandom rng = new SplittableRandom(32);
    Object[][] cases = {
      {new int[] {40000}, new int[] {0}},
      {new int[] {200, 200}, new int[] {0, 1}},
      {new int[] {3, 40000}, new int[] {1}},
      {new int[] {40000, 3}, new int[] {0}},
      {new int[] {7, 1000, 9}, new int[] {0, 2}},
      {new int[] {64, 10, 13, 13}, new int[] {0, 2, 3}},
      {new int[] {5, 600, 700}, new int[] {1}},
      {new int[] {1000, 1300}, new int[] {0}},
      {new int[] {1300, 1000}, new int[] {1}},
      {new int[] {33, 1, 2049}, new int[] {0}}
    };
    for (Object[] c : cases) {
      Shape shape = Shape.of((int[]) c[0]);
      assertSumMatches(KernelPair.uniform(rng, shape.numel(), -1, 1), shape, (int[]) c[1]);
    }
  }

  @Test
  void longFloatSumStaysAccurate() {
    // 10^6 copies of 0.1f: a naive float accumulator drifts by about 1%; the exact sum is
    // 10^6 * (double) 0.1f.
    float[] x = new float[1_000_000];
    Arrays.fill(x, 0.1f);
    double exact = 1_000_000 * (double) 0.1f;
    double got = values(CPU.reduce().sum(on(CPU, x), Shape.of(x.length), new int[] {0}))[0];
    assertEquals(exact, got, exact * 1e-6);
  }

  @Test
  void resultsAreBitIdenticalForAnyThreadCount() {
    SplittableRandom rng = new SplittableRandom(33);
    Object[][] cases = {
      {new int[] {300_001}, new int[] {0}},
      {new int[] {64, 10, 30, 30}, new int[] {0, 2, 3}},
      {new int[] {2000, 300}, new int[] {0}},
      {new int[] {300, 2000}, new int[] {1}}
    };
    int threads = Parallel.threads();
    try {
      for (Object[] c : cases) {
        Shape shape = Shape.of((int[]) c[0]);
        Storage x = on(CPU, KernelPair.uniform(rng, shape.numel(), -1, 1));
        Parallel.setThreads(1);
        float[] one = CPU.memory().toFloats(CPU.reduce().sum(x, shape, (int[]) c[1]));
        Parallel.setThreads(4);
        float[] four = CPU.memory().toFloats(CPU.reduce().sum(x, shape, (int[]) c[1]));
        assertArrayEquals(one, four, 0f, "sum " + shape);
      }
    } finally {
      Parallel.setThreads(threads);
    }
  }

  @Test
  void handComputedSums() {
    Shape s = Shape.of(2, 3);
    for (Backend b : BOTH) {
      var k = b.reduce();
      Storage x = on(b, 1, 2, 3, 4, 5, 6);
      // [[1,2,3],[4,5,6]]: columns 1+4, 2+5, 3+6; rows 1+2+3, 4+5+6; total 21.
      assertValues("axis 0", new double[] {5, 7, 9}, k.sum(x, s, new int[] {0}));
      assertValues("axis 1", new double[] {6, 15}, k.sum(x, s, new int[] {1}));
      assertValues("all", new double[] {21}, k.sum(x, s, new int[] {0, 1}));
      assertValues("none", new double[] {1, 2, 3, 4, 5, 6}, k.sum(x, s, new int[0]));
      // [2,2,2] over axes 0 and 2 keeps axis 1: out[j] = Σ_i,k x[i,j,k].
      Storage y = on(b, 1, 2, 3, 4, 5, 6, 7, 8);
      assertValues(
          "middle kept",
          new double[] {1 + 2 + 5 + 6, 3 + 4 + 7 + 8},
          k.sum(y, Shape.of(2, 2, 2), new int[] {0, 2}));
      // Reducing an empty axis gives zeros over the kept dims.
      assertValues(
          "empty",
          new double[] {0, 0, 0},
          k.sum(on(b, new float[0]), Shape.of(0, 3), new int[] {0}));
    }
  }

  @Test
  void invalidAxesAreRejected() {
    for (Backend b : BOTH) {
      Storage x = b.memory().zeros(6);
      var k = b.reduce();
      assertThrows(
          IllegalArgumentException.class, () -> k.sum(x, Shape.of(2, 3), new int[] {1, 0}));
      assertThrows(IllegalArgumentException.class, () -> k.sum(x, Shape.of(2, 3), new int[] {2}));
      assertThrows(IllegalArgumentException.class, () -> k.sum(x, Shape.of(7), new int[] {0}));
    }
  }
}
