package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.Storage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The CPU buffer pool and the storage life cycle around it. */
class ArrayPoolTest {
  private static final int SIZE = ArrayPool.MIN_FLOATS * 2;

  @Test
  void returnsTheSameArrayOfTheExactSizeMostRecentFirst() {
    ArrayPool pool = new ArrayPool(1 << 20);
    assertNull(pool.take(SIZE), "an empty pool has nothing");
    float[] first = new float[SIZE];
    float[] second = new float[SIZE];
    pool.give(first);
    pool.give(second);
    assertEquals(2L * SIZE, pool.pooledFloats());
    assertNull(pool.take(SIZE + 1), "sizes are exact");
    assertSame(second, pool.take(SIZE), "the warmest (last returned) array first");
    assertSame(first, pool.take(SIZE));
    assertNull(pool.take(SIZE));
    assertEquals(0, pool.pooledFloats());
  }

  @Test
  void smallArraysAndArraysBeyondTheCapAreLeftToTheCollector() {
    ArrayPool pool = new ArrayPool(SIZE + SIZE / 2);
    pool.give(new float[ArrayPool.MIN_FLOATS - 1]);
    assertEquals(0, pool.pooledFloats(), "below the minimum size");
    assertNull(pool.take(ArrayPool.MIN_FLOATS - 1));
    pool.give(new float[SIZE]);
    pool.give(new float[SIZE]);
    assertEquals(SIZE, pool.pooledFloats(), "the second array would pass the cap");
    pool.clear();
    assertEquals(0, pool.pooledFloats());
    assertNull(pool.take(SIZE));
  }

  @Test
  void closingAnAllocatedStorageRecyclesItsArrayAndAllocateZeroesIt() {
    CpuBackend cpu = new CpuBackend();
    CpuStorage a = cpu.allocate(SIZE);
    float[] array = a.data;
    Arrays.fill(array, 7f);
    a.close();
    assertEquals(SIZE, cpu.pooledFloats());
    a.close(); // idempotent: not returned twice
    assertEquals(SIZE, cpu.pooledFloats());
    CpuStorage b = cpu.allocate(SIZE);
    assertSame(array, b.data, "the pooled array is reused");
    assertArrayEquals(new float[SIZE], b.data, "allocate() zero-fills a recycled array");
    b.close();
    CpuStorage c = cpu.uninitialized(SIZE);
    assertSame(array, c.data, "uninitialized() reuses it too, without filling");
  }

  @Test
  void poolingOffRecyclesNothingUntilTurnedBackOn() {
    CpuBackend cpu = new CpuBackend();
    assertTrue(cpu.pooling(), "on by default");
    cpu.allocate(SIZE).close();
    assertEquals(SIZE, cpu.pooledFloats());
    cpu.setPooling(false);
    assertEquals(0, cpu.pooledFloats(), "turning the pool off empties it");
    CpuStorage a = cpu.allocate(SIZE);
    float[] array = a.data;
    a.close();
    assertEquals(0, cpu.pooledFloats(), "a closed storage's array is not kept");
    assertNotSame(array, cpu.allocate(SIZE).data);
    assertNotSame(array, cpu.uninitialized(SIZE).data);
    cpu.setPooling(true);
    CpuStorage b = cpu.allocate(SIZE);
    float[] again = b.data;
    b.close();
    assertSame(again, cpu.uninitialized(SIZE).data, "recycling again once back on");
  }

  @Test
  void wrappedArraysStayTheCallers() {
    CpuBackend cpu = new CpuBackend();
    float[] mine = new float[SIZE];
    cpu.wrap(mine).close();
    assertEquals(0, cpu.pooledFloats(), "a wrapped array is never recycled");
    assertNotSame(mine, cpu.uninitialized(SIZE).data);
  }

  @Test
  void memoryKernelsAllocateFromThePool() {
    CpuBackend cpu = new CpuBackend();
    float[] values = new float[SIZE];
    Arrays.fill(values, 3f);
    Storage s = cpu.memory().fromFloats(values);
    float[] array = CpuStorage.data(s);
    s.close();
    Storage copy = cpu.memory().full(SIZE, 2.5);
    assertSame(array, CpuStorage.data(copy), "full() takes the recycled array");
    float[] expected = new float[SIZE];
    Arrays.fill(expected, 2.5f);
    assertArrayEquals(expected, CpuStorage.data(copy), "and overwrites every element");
  }

  @Test
  void usingAClosedStorageFailsLoudly() {
    CpuBackend cpu = new CpuBackend();
    CpuStorage s = cpu.allocate(SIZE);
    s.close();
    assertTrue(s.isClosed());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                cpu.elementwise()
                    .unary(io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp.NEG, s));
    assertTrue(e.getMessage().contains("after close()"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CpuStorage.data(null));
  }
}
