package io.jgrad;

/**
 * A seeded, reproducible random generator, the only source of randomness in jgrad. It holds two
 * streams seeded together:
 *
 * <ul>
 *   <li>a sequential one (xoshiro256**) for {@link #nextLong()}, {@link #nextFloat()}, {@link
 *       #nextInt(int)}, {@link #nextGaussian()}: weight initialisation, shuffling, augmentation;
 *   <li>a counter-based one ({@link Philox} Philox4x32-10, key = the seed) for the large draws of a
 *       training step (dropout masks): {@link #reserveDraw(long)} hands out a range of counters,
 *       whose words any number of threads, or a GPU kernel, compute independently.
 * </ul>
 *
 * <p>The full state of both can be saved and restored, so a resumed training run draws exactly the
 * numbers an uninterrupted run would.
 */
public final class Generator {
  private final long[] s = new long[4];
  private double spareGaussian;
  private boolean hasSpare;
  private long streamKey;
  private long streamOffset;

  /** A generator seeded with {@code seed}. */
  public Generator(long seed) {
    manualSeed(seed);
  }

  /** Resets the generator to the stream of {@code seed}. */
  public void manualSeed(long seed) {
    long x = seed;
    for (int i = 0; i < 4; i++) {
      x += 0x9E3779B97F4A7C15L;
      long z = x;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      s[i] = z ^ (z >>> 31);
    }
    hasSpare = false;
    streamKey = seed;
    streamOffset = 0;
  }

  /** The key of the counter-based stream (the seed): see {@link Philox}. */
  public long streamKey() {
    return streamKey;
  }

  /** The next block of the counter-based stream that {@link #reserveDraw(long)} hands out. */
  public long streamOffset() {
    return streamOffset;
  }

  /**
   * Reserves a draw of {@code n} words of the counter-based stream and returns its first block: the
   * words are {@code Philox.word(streamKey(), first, i)} for {@code i < n}; the offset moves on by
   * {@code ceil(n / 4)} blocks, so the next draw starts on a fresh block. Nothing is reserved for
   * {@code n == 0}.
   */
  public long reserveDraw(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("generator: a draw needs n >= 0 words, got " + n);
    }
    long first = streamOffset;
    streamOffset += (n + 3) >>> 2;
    return first;
  }

  /** The next 64 random bits. */
  public long nextLong() {
    long result = Long.rotateLeft(s[1] * 5, 7) * 9;
    long t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = Long.rotateLeft(s[3], 45);
    return result;
  }

  /** Uniform in {@code [0, 1)} with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in {@code [0, 1)} with 24 random bits. */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /**
   * Fills {@code dst[offset .. offset + length)} with the next {@code length} values of {@link
   * #nextFloat()}, the same numbers in the same order, but with the state kept in registers for the
   * whole loop (dropout masks draw millions per training step).
   */
  public void nextFloats(float[] dst, int offset, int length) {
    if (offset < 0 || length < 0 || offset > dst.length - length) {
      throw new IllegalArgumentException(
          "generator: range ["
              + offset
              + ", "
              + offset
              + " + "
              + length
              + ") is outside an array of "
              + dst.length);
    }
    long s0 = s[0];
    long s1 = s[1];
    long s2 = s[2];
    long s3 = s[3];
    for (int i = offset, end = offset + length; i < end; i++) {
      long result = Long.rotateLeft(s1 * 5, 7) * 9;
      long t = s1 << 17;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = Long.rotateLeft(s3, 45);
      dst[i] = (result >>> 40) * 0x1.0p-24f;
    }
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
  }

  /** Uniform integer in {@code [0, bound)}. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("generator: bound must be positive, got " + bound);
    }
    // Lemire's multiply-shift with rejection, unbiased.
    long m = (nextLong() >>> 32) * bound;
    long l = m & 0xFFFFFFFFL;
    if (l < bound) {
      long t = (0x100000000L - bound) % bound;
      while (l < t) {
        m = (nextLong() >>> 32) * bound;
        l = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** Standard normal, by the Box-Muller transform (pairs are cached). */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u1;
    do {
      u1 = nextDouble();
    } while (u1 == 0.0);
    double u2 = nextDouble();
    double r = Math.sqrt(-2.0 * Math.log(u1));
    spareGaussian = r * Math.sin(2 * Math.PI * u2);
    hasSpare = true;
    return r * Math.cos(2 * Math.PI * u2);
  }

  /**
   * The full state, for checkpoints: the 4 xoshiro words, the cached gaussian's bits and its flag,
   * the counter-based stream's key and offset.
   */
  public long[] getState() {
    return new long[] {
      s[0],
      s[1],
      s[2],
      s[3],
      Double.doubleToRawLongBits(spareGaussian),
      hasSpare ? 1 : 0,
      streamKey,
      streamOffset
    };
  }

  /**
   * Restores a state returned by {@link #getState()}. A 6-long state (written before the
   * counter-based stream existed) restores the sequential stream and starts the counter-based one
   * at key {@code state[0]}, offset 0.
   */
  public void setState(long[] state) {
    if (state == null || (state.length != 8 && state.length != 6)) {
      throw new IllegalArgumentException(
          "generator: state must hold 8 longs (or 6 from an older checkpoint), got "
              + (state == null ? "null" : state.length));
    }
    System.arraycopy(state, 0, s, 0, 4);
    spareGaussian = Double.longBitsToDouble(state[4]);
    hasSpare = state[5] != 0;
    streamKey = state.length == 8 ? state[6] : state[0];
    streamOffset = state.length == 8 ? state[7] : 0;
  }
}
