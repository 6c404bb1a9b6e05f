package io.jgrad.backend.cuda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The double-buffer bookkeeping of the pinned upload ring, over fake device operations. */
class StagingRingTest {
  /** Records every device operation; buffers are numbered by allocation. */
  private static final class FakeOps implements StagingRing.Ops<Integer> {
    final List<String> log = new ArrayList<>();
    int allocated;

    @Override
    public Integer allocate(long bytes) {
      log.add("alloc " + bytes);
      return allocated++;
    }

    @Override
    public void free(Integer buffer) {
      log.add("free #" + buffer);
    }

    @Override
    public void awaitCopy(int slot) {
      log.add("await " + slot);
    }
  }

  @Test
  void twoSlotsAlternateAndWaitOnlyWhenComingBackToACopyInFlight() {
    FakeOps ops = new FakeOps();
    StagingRing<Integer> ring = new StagingRing<>(2, ops);
    int a = ring.acquire(1000);
    ring.launched(a);
    int b = ring.acquire(1000);
    // The second batch is written while the first one's copy may run: no wait yet.
    assertEquals(List.of("alloc 65536", "alloc 65536"), ops.log);
    assertEquals(0, a);
    assertEquals(1, b);
    assertTrue(ring.inFlight(0));
    assertFalse(ring.inFlight(1));
    ring.launched(b);
    ops.log.clear();
    assertEquals(0, ring.acquire(1000)); // back to slot 0: its copy must have finished
    assertEquals(List.of("await 0"), ops.log);
    assertFalse(ring.inFlight(0));
    assertEquals(0, ring.buffer(0)); // the same buffer, not reallocated
  }

  @Test
  void aSlotNeverLaunchedIsNotWaitedFor() {
    FakeOps ops = new FakeOps();
    StagingRing<Integer> ring = new StagingRing<>(2, ops);
    ring.acquire(10); // acquired but its copy was never queued (e.g. the writer threw)
    ring.acquire(10);
    ops.log.clear();
    ring.acquire(10);
    assertEquals(List.of(), ops.log);
  }

  @Test
  void aLargerRequestReplacesTheSlotsBufferAfterItsCopy() {
    FakeOps ops = new FakeOps();
    StagingRing<Integer> ring = new StagingRing<>(1, ops);
    ring.launched(ring.acquire(StagingRing.GRANULE));
    assertEquals(StagingRing.GRANULE, ring.capacity(0));
    ring.launched(ring.acquire(StagingRing.GRANULE + 1));
    // Wait for the copy still reading the old buffer, then free it, then allocate 2 granules.
    assertEquals(
        List.of("alloc 65536", "await 0", "free #0", "alloc " + 2 * StagingRing.GRANULE), ops.log);
    assertEquals(1, ring.buffer(0));
    ops.log.clear();
    ring.acquire(10); // a smaller request keeps the larger buffer
    assertEquals(List.of("await 0"), ops.log);
    assertEquals(2 * StagingRing.GRANULE, ring.capacity(0));
  }

  @Test
  void closeWaitsForCopiesInFlightThenFreesEverythingOnce() {
    FakeOps ops = new FakeOps();
    StagingRing<Integer> ring = new StagingRing<>(3, ops);
    ring.launched(ring.acquire(5));
    ring.acquire(5);
    ops.log.clear();
    ring.close();
    assertEquals(List.of("await 0", "free #0", "free #1"), ops.log);
    ring.close();
    assertEquals(3, ops.log.size(), "close is idempotent");
    assertThrows(IllegalStateException.class, () -> ring.acquire(1));
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new StagingRing<>(0, new FakeOps()));
    StagingRing<Integer> ring = new StagingRing<>(2, new FakeOps());
    assertThrows(IllegalArgumentException.class, () -> ring.acquire(-1));
  }
}
