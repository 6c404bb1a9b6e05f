package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.runtime.cudaStream_t;
import org.junit.jupiter.api.Test;

/**
 * A pooled block waits for every stream that used it, not only the last one, and a closed allocator
 * frees blocks instead of caching them. Over a fake device heap.
 */
class StreamTrackingTest {
  /** A heap that records which streams were waited for and what was freed. */
  private static final class RecordingHeap implements DeviceHeap {
    final List<cudaStream_t> waited = new ArrayList<>();
    int mallocs;
    int frees;

    @Override
    public Pointer malloc(long bytes) {
      mallocs++;
      return new Pointer();
    }

    @Override
    public void free(Pointer p) {
      frees++;
    }

    @Override
    public void synchronize(cudaStream_t stream) {
      waited.add(stream);
    }

    @Override
    public void synchronizeDevice() {}
  }

  private final cudaStream_t a = new cudaStream_t();
  private final cudaStream_t b = new cudaStream_t();
  private final cudaStream_t c = new cudaStream_t();

  @Test
  void aBlockReadOnTwoStreamsIsReusedOnlyAfterBoth() {
    RecordingHeap heap = new RecordingHeap();
    CachingAllocator alloc = new CachingAllocator(heap, 1 << 20);
    CachingAllocator.Block block = alloc.allocate(4096, a);
    assertEquals(List.of(), block.acquire(a), "its own stream waits for nothing");
    assertEquals(List.of(a), block.acquire(b), "read on b: a must be drained first");
    assertEquals(List.of(a, b), block.streams());
    alloc.release(block);
    CachingAllocator.Block again = alloc.allocate(4096, c);
    assertTrue(again == block, "the block is reused");
    assertEquals(List.of(a, b), heap.waited, "reuse on c waits for a and for b");
    assertEquals(List.of(c), again.streams(), "a reused block starts with its new stream only");
  }

  @Test
  void aWriteOnAThirdStreamWaitsForEveryReader() {
    CachingAllocator.Block block =
        new CachingAllocator(new RecordingHeap(), 1 << 20).allocate(64, a);
    block.acquire(b);
    // Two threads took the address at once: b's later acquisition must not hide a.
    assertEquals(List.of(a, b), block.acquire(c));
    assertEquals(List.of(b, c), block.acquire(a), "a drains the others, keeps its place");
    assertEquals(3, block.streams().size(), "the set only grows until reuse");
  }

  @Test
  void aForgottenStreamIsNoLongerWaitedFor() {
    RecordingHeap heap = new RecordingHeap();
    CachingAllocator alloc = new CachingAllocator(heap, 1 << 20);
    CachingAllocator.Block block = alloc.allocate(64, a);
    block.acquire(b);
    block.forget(a); // a's thread ended: its stream was drained and destroyed
    alloc.release(block);
    alloc.allocate(64, c);
    assertEquals(List.of(b), heap.waited);
  }

  @Test
  void aClosedAllocatorFreesItsCacheAndEveryLaterRelease() {
    RecordingHeap heap = new RecordingHeap();
    CachingAllocator alloc = new CachingAllocator(heap, 1 << 20);
    CachingAllocator.Block cached = alloc.allocate(4096, a);
    CachingAllocator.Block live = alloc.allocate(8192, a);
    alloc.release(cached);
    alloc.close();
    assertEquals(1, heap.frees, "the cache is returned at close");
    alloc.release(live); // a storage closed after the backend
    assertEquals(2, heap.frees, "a later release frees at once");
    CachingAllocator.Stats st = alloc.stats();
    assertEquals(0, st.inUse());
    assertEquals(0, st.cached());
    assertEquals(0, st.reserved());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> alloc.allocate(16, a));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    alloc.close(); // idempotent
  }
}
