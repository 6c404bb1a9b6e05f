package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/**
 * The pool keeps, per size, no more free arrays than were ever out at once plus {@link
 * ArrayPool#SPARE}: arrays handed over by kernels that allocate their own (never taken from the
 * pool) cannot pile up step after step.
 */
class ArrayPoolBoundTest {
  private static final int SIZE = ArrayPool.MIN_FLOATS * 2;

  @Test
  void arraysOfASizeNobodyTakesStopAtTheSpares() {
    ArrayPool pool = new ArrayPool(1L << 30);
    for (int step = 0; step < 100; step++) {
      pool.give(new float[SIZE]); // a kernel's own array, closed after backward
    }
    assertEquals((long) ArrayPool.SPARE * SIZE, pool.pooledFloats());
  }

  @Test
  void asManyAsWereOutAtOnceAreKept() {
    ArrayPool pool = new ArrayPool(1L << 30);
    int out = 10;
    for (int step = 0; step < 5; step++) {
      float[][] taken = new float[out][];
      long missed = pool.missedFloats();
      for (int i = 0; i < out; i++) {
        float[] a = pool.take(SIZE);
        taken[i] = a == null ? new float[SIZE] : a;
      }
      if (step > 0) {
        assertEquals(missed, pool.missedFloats(), "step " + step + ": every request was served");
        assertEquals((long) ArrayPool.SPARE * SIZE, pool.pooledFloats(), "step " + step);
      }
      for (float[] a : taken) {
        pool.give(a);
      }
      for (int i = 0; i < 20; i++) {
        pool.give(new float[SIZE]); // extra arrays beyond the demand
      }
      assertEquals((long) (out + ArrayPool.SPARE) * SIZE, pool.pooledFloats(), "step " + step);
    }
    assertNotNull(pool.take(SIZE));
  }
}
