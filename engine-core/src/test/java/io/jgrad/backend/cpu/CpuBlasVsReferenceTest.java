package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.backend.Storage;
import io.jgrad.backend.reference.RefBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The blocked, multithreaded float32 GEMM against the double reference. */
class CpuBlasVsReferenceTest {
  private final CpuBackend cpu = new CpuBackend();
  private final RefBackend ref = new RefBackend();

  @Test
  void randomShapesAllTransposesMatchReference() {
    Random rnd = new Random(7);
    for (int[] s : shapes(rnd)) {
      for (int t = 0; t < 4; t++) {
        compare(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, rnd.nextLong());
      }
    }
  }

  @Test
  void emptyInnerDimensionGivesZeros() {
    Storage c =
        cpu.blas().matmul(cpu.wrap(new float[0]), cpu.wrap(new float[0]), 3, 0, 4, false, false);
    assertArrayEquals(new float[12], CpuStorage.data(c));
  }

  @Test
  void smallProductComputedByHand() {
    // [[1, 2, 3], [4, 5, 6]] . [[1, 0], [0, 1], [2, -1]] = [[7, -1], [16, -1]]
    float[] a = {1, 2, 3, 4, 5, 6};
    float[] b = {1, 0, 0, 1, 2, -1};
    Storage c = cpu.blas().matmul(cpu.wrap(a), cpu.wrap(b), 2, 3, 2, false, false);
    assertArrayEquals(new float[] {7, -1, 16, -1}, CpuStorage.data(c));
  }

  @Test
  void resultsAreBitIdenticalForOneAndTwoThreads() {
    Random rnd = new Random(11);
    int before = Parallel.threads();
    try {
      for (int[] s : shapes(rnd)) {
        float[] a = CpuConvVsReferenceTest.uniform(rnd, s[0] * s[1]);
        float[] b = CpuConvVsReferenceTest.uniform(rnd, s[1] * s[2]);
        for (int t = 0; t < 4; t++) {
          boolean ta = (t & 1) != 0;
          boolean tb = (t & 2) != 0;
          Parallel.setThreads(1);
          float[] one =
              CpuStorage.data(
                  cpu.blas().matmul(cpu.wrap(a), cpu.wrap(b), s[0], s[1], s[2], ta, tb));
          Parallel.setThreads(2);
          float[] two =
              CpuStorage.data(
                  cpu.blas().matmul(cpu.wrap(a), cpu.wrap(b), s[0], s[1], s[2], ta, tb));
          assertArrayEquals(one, two, "matmul " + s[0] + "x" + s[1] + "x" + s[2] + " " + t);
        }
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void rejectsWrongSizes() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            cpu.blas()
                .matmul(cpu.wrap(new float[5]), cpu.wrap(new float[6]), 2, 3, 2, false, false));
    Storage c =
        cpu.blas().matmul(cpu.wrap(new float[6]), cpu.wrap(new float[6]), 2, 3, 2, true, true);
    assertEquals(4, c.size());
  }

  /** Random small shapes plus ones that cross the row, column and narrow-matrix thresholds. */
  private static List<int[]> shapes(Random rnd) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      out.add(new int[] {1 + rnd.nextInt(70), 1 + rnd.nextInt(70), 1 + rnd.nextInt(70)});
    }
    out.add(new int[] {1, 300, 1});
    out.add(new int[] {130, 257, 65});
    out.add(new int[] {200, 3, 40});
    out.add(new int[] {128, 784, 10});
    out.add(new int[] {33, 700, 1500});
    out.add(new int[] {17, 5, 2049});
    return out;
  }

  private void compare(int m, int k, int n, boolean ta, boolean tb, long seed) {
    Random rnd = new Random(seed);
    float[] a = CpuConvVsReferenceTest.uniform(rnd, m * k);
    float[] b = CpuConvVsReferenceTest.uniform(rnd, k * n);
    CpuConvVsReferenceTest.close(
        "matmul " + m + "x" + k + "x" + n + " transA=" + ta + " transB=" + tb,
        ref.blas()
            .matmul(
                ref.wrap(CpuConvVsReferenceTest.widen(a)),
                ref.wrap(CpuConvVsReferenceTest.widen(b)),
                m,
                k,
                n,
                ta,
                tb),
        cpu.blas().matmul(cpu.wrap(a), cpu.wrap(b), m, k, n, ta, tb));
  }
}
