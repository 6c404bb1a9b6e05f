package io.jgrad.backend.cuda.runtime;

/**
 * The bookkeeping of a ring of host staging buffers, without the device: slots are used in turn; a
 * slot whose last copy may still be reading it is waited for before it is written again; a slot too
 * small for a request is freed and allocated larger. With two slots (double buffering) the host
 * fills one buffer while the copy from the other is in flight. The device side (pinned allocation,
 * the completion wait) is {@link Ops}, so the logic is tested without a GPU.
 *
 * @param <B> the buffer type
 */
public final class StagingRing<B> {
  /** The device operations the ring needs. */
  public interface Ops<B> {
    /** A new host buffer of exactly {@code bytes}. */
    B allocate(long bytes);

    /** Frees a buffer from {@link #allocate}. */
    void free(B buffer);

    /** Blocks until the copy last launched from slot {@code slot} has finished reading it. */
    void awaitCopy(int slot);
  }

  /** Buffers are allocated in multiples of this, so slightly larger requests reuse them. */
  public static final long GRANULE = 64L << 10;

  private final Ops<B> ops;
  private final Object[] buffers;
  private final long[] capacity;
  private final boolean[] inFlight;
  private int next;
  private boolean closed;

  /** A ring of {@code slots} (at least 1) buffers, allocated on first use. */
  public StagingRing(int slots, Ops<B> ops) {
    if (slots < 1) {
      throw new IllegalArgumentException("staging ring: need at least 1 slot, got " + slots);
    }
    this.ops = ops;
    this.buffers = new Object[slots];
    this.capacity = new long[slots];
    this.inFlight = new boolean[slots];
  }

  /**
   * The next slot, ready to be written with {@code bytes}: its previous copy has finished and its
   * buffer holds at least {@code bytes}. Call {@link #launched} once its copy is queued.
   */
  public int acquire(long bytes) {
    if (closed) {
      throw new IllegalStateException("staging ring: used after close()");
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("staging ring: negative size " + bytes);
    }
    int s = next;
    next = (next + 1) % buffers.length;
    settle(s);
    if (capacity[s] < bytes) {
      if (buffers[s] != null) {
        ops.free(buffer(s));
        buffers[s] = null;
        capacity[s] = 0;
      }
      long size = (bytes + GRANULE - 1) / GRANULE * GRANULE;
      buffers[s] = ops.allocate(size);
      capacity[s] = size;
    }
    return s;
  }

  /** Records that a copy reading slot {@code s} was queued. */
  public void launched(int s) {
    inFlight[s] = true;
  }

  /** The buffer of slot {@code s}. */
  @SuppressWarnings("unchecked") // buffers holds only Bs from ops.allocate
  public B buffer(int s) {
    return (B) buffers[s];
  }

  /** The bytes slot {@code s} holds (0 before its first use). */
  public long capacity(int s) {
    return capacity[s];
  }

  /** Whether a copy from slot {@code s} may still be running. */
  public boolean inFlight(int s) {
    return inFlight[s];
  }

  /** Number of slots. */
  public int slots() {
    return buffers.length;
  }

  private void settle(int s) {
    if (inFlight[s]) {
      ops.awaitCopy(s);
      inFlight[s] = false;
    }
  }

  /** Waits for every copy in flight and frees the buffers. Idempotent. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int s = 0; s < buffers.length; s++) {
      settle(s);
      if (buffers[s] != null) {
        ops.free(buffer(s));
        buffers[s] = null;
        capacity[s] = 0;
      }
    }
  }
}
