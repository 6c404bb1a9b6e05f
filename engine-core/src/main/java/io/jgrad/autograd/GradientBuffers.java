package io.jgrad.autograd;

import io.jgrad.backend.Storage;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The gradient buffers of one backward pass, closed as soon as no pending node needs them so the
 * backend can reuse their memory (a pool on the CPU, the caching allocator on CUDA).
 *
 * <p>A buffer is ours when an op's backward (or the engine's own summing of two gradients) produced
 * it during this pass; the seed never is, since the caller owns it. Leaf and retained gradients
 * copy what they are given, and an op's backward returns either new buffers or the gradient it was
 * handed (a reshape passes it through), so a buffer of ours that no pending node holds any more is
 * referenced by nobody and can be closed. Buffers are compared by identity.
 */
final class GradientBuffers {
  private final Storage seed;
  private final Set<Storage> ours = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Storage, Integer> holds = new IdentityHashMap<>();

  GradientBuffers(Storage seed) {
    this.seed = seed;
  }

  /** Marks buffers an op's backward just returned as ours (nulls and the seed excepted). */
  void produced(Storage... buffers) {
    for (Storage s : buffers) {
      if (s != null && s != seed) {
        ours.add(s);
      }
    }
  }

  /** A pending node now holds {@code s}. */
  void hold(Storage s) {
    holds.merge(s, 1, Integer::sum);
  }

  /** A pending node no longer holds {@code s}. */
  void drop(Storage s) {
    holds.computeIfPresent(s, (k, n) -> n == 1 ? null : n - 1);
  }

  /** Closes {@code s} if it is ours and no pending node holds it. */
  void releaseIfUnused(Storage s) {
    if (s != null && !holds.containsKey(s) && ours.remove(s)) {
      s.close();
    }
  }
}
