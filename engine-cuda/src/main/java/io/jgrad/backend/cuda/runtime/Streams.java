package io.jgrad.backend.cuda.runtime;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaStream_t;

/**
 * Waiting for another thread's stream, safely even when that thread's resources are being released:
 * a stream is drained before it is destroyed and remembered as retired, and waiting for a retired
 * stream returns at once (all its work finished before it was destroyed). Streams are compared by
 * identity (JCuda's {@code equals} compares native addresses, which the driver reuses).
 */
public final class Streams {
  private static final ReadWriteLock LOCK = new ReentrantReadWriteLock();
  private static final Set<cudaStream_t> RETIRED =
      Collections.newSetFromMap(new IdentityHashMap<>());

  private Streams() {}

  /**
   * Blocks until the work queued on {@code s} has run; {@code what} names the caller.
   *
   * @return false when {@code s} was retired (nothing to wait for)
   */
  public static boolean await(cudaStream_t s, String what) {
    LOCK.readLock().lock();
    try {
      if (RETIRED.contains(s)) {
        return false;
      }
      CudaErrors.runtime(JCuda.cudaStreamSynchronize(s), what + " (cudaStreamSynchronize)");
      return true;
    } finally {
      LOCK.readLock().unlock();
    }
  }

  /** Whether {@code s} was retired. */
  public static boolean isRetired(cudaStream_t s) {
    LOCK.readLock().lock();
    try {
      return RETIRED.contains(s);
    } finally {
      LOCK.readLock().unlock();
    }
  }

  /** Drains {@code s}, marks it retired and destroys it. The stream must get no new work. */
  public static void retire(cudaStream_t s, String what) {
    int rc = JCuda.cudaStreamSynchronize(s);
    LOCK.writeLock().lock();
    try {
      RETIRED.add(s);
      JCuda.cudaStreamDestroy(s);
    } finally {
      LOCK.writeLock().unlock();
    }
    CudaErrors.runtime(rc, what + ": draining the stream before destroying it");
  }
}
