package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.cuda.runtime.AllocationRetry;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.CudaException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pool's default bound leaves the libraries room; their allocation failures retry once. */
class MemoryBudgetTest {
  private static final long GIB = 1L << 30;

  @Test
  void theDefaultBoundLeavesTenPercentOrOneGibibyte() {
    assertEquals(141L * GIB - 141L * GIB / 10, MemoryBudget.defaultLimit(141L * GIB));
    assertEquals(7L * GIB, MemoryBudget.defaultLimit(8L * GIB), "1 GiB left on an 8 GiB card");
    assertEquals(GIB, MemoryBudget.defaultLimit(2L * GIB), "never more than half on a tiny card");
    for (long free = 1 << 20; free < (1L << 42); free = free * 3 + 12345) {
      long limit = MemoryBudget.defaultLimit(free);
      assertTrue(limit <= free - Math.min(free / 2, MemoryBudget.MIN_RESERVE), "free " + free);
      assertTrue(limit <= free - free / 10, "at least 10% left, free " + free);
      assertTrue(limit >= free / 2, "at least half for the pool, free " + free);
    }
    assertThrows(IllegalArgumentException.class, () -> MemoryBudget.defaultLimit(0));
  }

  @Test
  void libraryStatusesThatMeanOutOfMemoryAreMarked() {
    assertTrue(thrown(() -> CudaErrors.runtime(2, "cudaMalloc")).isAllocationFailure());
    assertTrue(thrown(() -> CudaErrors.driver(2, "cuMemAlloc")).isAllocationFailure());
    assertTrue(thrown(() -> CudaErrors.cublas(3, "cublasCreate")).isAllocationFailure());
    assertTrue(thrown(() -> CudaErrors.cudnn(4004, "cudnnCreate")).isAllocationFailure());
    assertTrue(thrown(() -> CudaErrors.cudnn(4003, "cudnnCreate")).isAllocationFailure());
    assertFalse(thrown(() -> CudaErrors.cudnn(2000, "cudnnCreate")).isAllocationFailure());
    assertFalse(thrown(() -> CudaErrors.runtime(700, "kernel")).isAllocationFailure());
  }

  @Test
  void anAllocationFailureEmptiesTheCacheAndRetriesOnce() {
    AtomicInteger freed = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    String r =
        AllocationRetry.once(
            freed::incrementAndGet,
            () -> {
              if (calls.incrementAndGet() == 1) {
                CudaErrors.cudnn(4004, "cudnnSetDropoutDescriptor");
              }
              return "ok";
            });
    assertEquals("ok", r);
    assertEquals(2, calls.get());
    assertEquals(1, freed.get());
  }

  @Test
  void aSecondFailureAndOtherErrorsPropagate() {
    AtomicInteger freed = new AtomicInteger();
    CudaException e =
        assertThrows(
            CudaException.class,
            () ->
                AllocationRetry.once(
                    freed::incrementAndGet,
                    () -> {
                      CudaErrors.cublas(3, "cublasCreate");
                      return null;
                    }));
    assertEquals(1, freed.get(), "one retry only");
    assertEquals(1, e.getSuppressed().length, "the first failure is kept");
    AtomicInteger calls = new AtomicInteger();
    CudaException other =
        assertThrows(
            CudaException.class,
            () ->
                AllocationRetry.once(
                    freed::incrementAndGet,
                    () -> {
                      calls.incrementAndGet();
                      CudaErrors.cudnn(2000, "cudnnSetTensor4dDescriptor");
                      return null;
                    }));
    assertEquals(1, calls.get(), "no retry for a bad parameter");
    assertEquals(1, freed.get());
    assertTrue(other.getMessage().contains("BAD_PARAM"), other.getMessage());
  }

  private static CudaException thrown(Runnable r) {
    CudaException e = assertThrows(CudaException.class, r::run);
    assertSame(CudaException.class, e.getClass());
    return e;
  }
}
