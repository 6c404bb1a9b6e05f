package io.jgrad;

/**
 * A seeded, reproducible random generator (xoshiro256**), the only source of randomness in jgrad.
 * Its full state can be saved and restored, so a resumed training run draws exactly the numbers an
 * uninterrupted run would.
 */
public final class Generator {
  private final long[] s = new long[4];
  private double spareGaussian;
  private boolean hasSpare;

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

  /** The full state, for checkpoints: 4 words, the cached gaussian's bits and its flag. */
  public long[] getState() {
    return new long[] {
      s[0], s[1], s[2], s[3], Double.doubleToRawLongBits(spareGaussian), hasSpare ? 1 : 0
    };
  }

  /** Restores a state returned by {@link #getState()}. */
  public void setState(long[] state) {
    if (state == null || state.length != 6) {
      throw new IllegalArgumentException("generator: state must hold 6 longs");
    }
    System.arraycopy(state, 0, s, 0, 4);
    spareGaussian = Double.longBitsToDouble(state[4]);
    hasSpare = state[5] != 0;
  }
}
