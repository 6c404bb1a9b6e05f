package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import jcuda.Pointer;
import jcuda.runtime.cudaStream_t;
import org.junit.jupiter.api.Test;

/** The pooling, stream hand-over and bound of the caching allocator, over a fake device heap. */
class CachingAllocatorTest {
  /** A device heap of {@code capacity} bytes that records what happens. */
  private static final class FakeHeap implements DeviceHeap {
    final long capacity;
    final Map<Pointer, Long> live = new IdentityHashMap<>();
    final List<cudaStream_t> synchronizedStreams = new ArrayList<>();
    long used;
    int mallocs;
    int frees;

    FakeHeap(long capacity) {
      this.capacity = capacity;
    }

    @Override
    public Pointer malloc(long bytes) {
      if (used + bytes > capacity) {
        return null;
      }
      mallocs++;
      used += bytes;
      Pointer p = new Pointer();
      live.put(p, bytes);
      return p;
    }

    @Override
    public void free(Pointer p) {
      Long bytes = live.remove(p);
      if (bytes == null) {
        throw new AssertionError("double or foreign free");
      }
      used -= bytes;
      frees++;
    }

    @Override
    public void synchronize(cudaStream_t stream) {
      synchronizedStreams.add(stream);
    }

    @Override
    public void synchronizeDevice() {}
  }

  private final cudaStream_t s1 = new cudaStream_t();
  private final cudaStream_t s2 = new cudaStream_t();

  @Test
  void sizeClassesRoundUpWithBoundedWaste() {
    assertEquals(0, SizeClasses.roundUp(0));
    assertEquals(512, SizeClasses.roundUp(1));
    assertEquals(512, SizeClasses.roundUp(512));
    assertEquals(1024, SizeClasses.roundUp(513));
    assertEquals(1L << 20, SizeClasses.roundUp((1L << 20) - 1));
    assertEquals(5L << 18, SizeClasses.roundUp((1L << 20) + 1));
    for (long b = 1; b < (1L << 34); b = b * 3 + 7) {
      long c = SizeClasses.roundUp(b);
      assertTrue(c >= b, "covers the request " + b);
      assertEquals(c, SizeClasses.roundUp(c), "a class is its own class: " + c);
      assertTrue(c - b < Math.max(512, b / 4 + 1), "waste of " + b + " -> " + c);
    }
    assertThrows(IllegalArgumentException.class, () -> SizeClasses.roundUp(-1));
  }

  @Test
  void freedBlocksAreReusedBySizeClass() {
    FakeHeap heap = new FakeHeap(1 << 30);
    CachingAllocator a = new CachingAllocator(heap, 1 << 30);
    CachingAllocator.Block b1 = a.allocate(1000, s1);
    assertEquals(1024, b1.bytes());
    a.release(b1);
    CachingAllocator.Block b2 = a.allocate(900, s1);
    assertSame(b1.pointer(), b2.pointer(), "same class, same stream: reused");
    assertEquals(1, heap.mallocs);
    assertTrue(heap.synchronizedStreams.isEmpty(), "same stream needs no wait");
    CachingAllocator.Block b3 = a.allocate(5000, s1);
    assertNotSame(b2.pointer(), b3.pointer());
    assertEquals(2, heap.mallocs);
    CachingAllocator.Stats st = a.stats();
    assertEquals(1024 + 5120, st.inUse());
    assertEquals(0, st.cached());
    assertEquals(st.inUse(), st.reserved());
    assertSame(CachingAllocator.EMPTY, a.allocate(0, s1));
  }

  @Test
  void handingABlockToAnotherStreamWaitsForTheFirst() {
    FakeHeap heap = new FakeHeap(1 << 30);
    CachingAllocator a = new CachingAllocator(heap, 1 << 30);
    CachingAllocator.Block b = a.allocate(4096, s1);
    a.release(b);
    CachingAllocator.Block again = a.allocate(4096, s2);
    assertSame(b.pointer(), again.pointer());
    assertEquals(List.of(s1), heap.synchronizedStreams);
    assertSame(s2, again.stream());
  }

  @Test
  void theBoundFreesTheCacheBeforeFailing() {
    FakeHeap heap = new FakeHeap(1L << 40);
    CachingAllocator a = new CachingAllocator(heap, 8192);
    CachingAllocator.Block small = a.allocate(4096, s1);
    a.release(small);
    // 4096 cached + 8192 requested exceeds the bound: the cache must be returned first.
    CachingAllocator.Block big = a.allocate(8192, s1);
    assertEquals(8192, big.bytes());
    assertEquals(1, heap.frees);
    assertEquals(8192, a.stats().reserved());
    CudaOutOfMemoryException e =
        assertThrows(CudaOutOfMemoryException.class, () -> a.allocate(100, s1));
    String msg = e.getMessage();
    assertTrue(msg.contains("100 bytes"), msg);
    assertTrue(msg.contains("8.0 KiB in use"), msg);
    assertTrue(msg.contains("-Djgrad.cuda.maxBytes=8192"), msg);
    a.release(big);
    assertEquals(8192, a.stats().cached());
    assertEquals(8192, a.headroom());
  }

  @Test
  void deviceOutOfMemoryBelowTheBoundAlsoFailsClearly() {
    FakeHeap heap = new FakeHeap(2048);
    CachingAllocator a = new CachingAllocator(heap, 1 << 20);
    a.allocate(2048, s1);
    CudaOutOfMemoryException e =
        assertThrows(CudaOutOfMemoryException.class, () -> a.allocate(1024, s1));
    assertTrue(e.getMessage().contains("cannot allocate 1.0 KiB"), e.getMessage());
    assertEquals(2048, a.stats().reserved(), "a failed malloc must not count as reserved");
  }

  @Test
  void parseBytesAcceptsSuffixesAndRejectsGarbage() {
    assertEquals(4096, ByteCounts.parseBytes("4096"));
    assertEquals(512L << 10, ByteCounts.parseBytes("512k"));
    assertEquals(6L << 30, ByteCounts.parseBytes(" 6G "));
    assertEquals(3L << 20, ByteCounts.parseBytes("3m"));
    for (String bad : new String[] {"", "g", "-1", "0", "12x", "9999999999999t"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ByteCounts.parseBytes(bad));
      assertTrue(e.getMessage().contains("jgrad.cuda.maxBytes"), e.getMessage());
    }
    assertEquals("512 B", ByteCounts.human(512));
    assertEquals("1.5 MiB", ByteCounts.human(3L << 19));
  }
}
