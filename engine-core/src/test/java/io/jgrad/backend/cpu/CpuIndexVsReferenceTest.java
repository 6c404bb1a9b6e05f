package io.jgrad.backend.cpu;

import static io.jgrad.backend.cpu.KernelPair.CPU;
import static io.jgrad.backend.cpu.KernelPair.REF;
import static io.jgrad.backend.cpu.KernelPair.on;
import static io.jgrad.backend.cpu.KernelPair.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The CPU strided-copy and arg-max kernels against the reference, exactly (they move values, they
 * do no arithmetic): random permutations and slices of random shapes, and large sizes that span
 * several parallel chunks.
 */
class CpuIndexVsReferenceTest {

  /** A random permuted and sliced view of a buffer of {@code shape}: {offset, dims, strides}. */
  private static int[][] randomView(SplittableRandom rng, Shape shape) {
    int rank = shape.rank();
    int[] strides = shape.strides();
    int[] dims = shape.dims();
    int offset = 0;
    for (int d = 0; d < rank; d++) {
      int start = rng.nextInt(dims[d]);
      int step = 1 + rng.nextInt(2);
      int count = (dims[d] - start + step - 1) / step;
      offset += start * strides[d];
      strides[d] *= step;
      dims[d] = count;
    }
    for (int i = rank - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = dims[i];
      dims[i] = dims[j];
      dims[j] = t;
      t = strides[i];
      strides[i] = strides[j];
      strides[j] = t;
    }
    return new int[][] {{offset}, dims, strides};
  }

  @Test
  void gatherAndScatterMatchReference() {
    SplittableRandom rng = new SplittableRandom(41);
    for (int trial = 0; trial < 300; trial++) {
      int rank = 1 + rng.nextInt(5);
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) {
        dims[d] = 1 + rng.nextInt(trial < 290 ? 6 : 60);
      }
      Shape s = Shape.of(dims);
      float[] x = KernelPair.uniform(rng, s.numel(), -1, 1);
      int[][] v = randomView(rng, s);
      double[] ref = values(REF.index().gather(on(REF, x), v[0][0], v[1], v[2]));
      double[] cpu = values(CPU.index().gather(on(CPU, x), v[0][0], v[1], v[2]));
      assertArrayEquals(ref, cpu, 0.0, "gather " + s);
      float[] src = KernelPair.uniform(rng, ref.length, -1, 1);
      assertArrayEquals(scatter(REF, src, s, v), scatter(CPU, src, s, v), 0.0, "scatter " + s);
    }
  }

  private static double[] scatter(Backend b, float[] src, Shape s, int[][] v) {
    Storage dst = b.memory().zeros(s.numel());
    b.index().scatter(on(b, src), dst, v[0][0], v[1], v[2]);
    return values(dst);
  }

  @Test
  void maxAlongMatchesReference() {
    SplittableRandom rng = new SplittableRandom(42);
    int[][] shapes = {
      {1, 5, 1}, {3, 1, 4}, {7, 9, 11}, {200, 300, 1}, {1, 500, 400}, {2, 2, 40_000}
    };
    for (int[] s : shapes) {
      int n = s[0] * s[1] * s[2];
      float[] x = KernelPair.uniform(rng, n, -1, 1);
      float[] g = KernelPair.uniform(rng, s[0] * s[2], -1, 1);
      Storage[] r = REF.index().maxAlong(on(REF, x), s[0], s[1], s[2]);
      Storage[] c = CPU.index().maxAlong(on(CPU, x), s[0], s[1], s[2]);
      assertArrayEquals(values(r[0]), values(c[0]), 0.0, "values " + java.util.Arrays.toString(s));
      assertArrayEquals(values(r[1]), values(c[1]), 0.0, "indices");
      assertArrayEquals(
          values(REF.index().maxAlongBackward(on(REF, g), r[1], s[0], s[1], s[2])),
          values(CPU.index().maxAlongBackward(on(CPU, g), c[1], s[0], s[1], s[2])),
          0.0,
          "backward");
    }
  }

  @Test
  void viewsOutsideTheBufferAreRejected() {
    for (Backend b : KernelPair.BOTH) {
      Storage x = b.memory().zeros(6);
      assertThrows(
          IllegalArgumentException.class,
          () -> b.index().gather(x, 1, new int[] {2, 3}, new int[] {3, 1}));
      assertThrows(IllegalArgumentException.class, () -> b.index().maxAlong(x, 2, 4, 1));
    }
  }
}
