package io.jgrad;

/**
 * Philox4x32-10, the counter-based generator of cuRAND and of PyTorch's CUDA path (Salmon, Moraes,
 * Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011), and the specification of
 * jgrad's counter-based stream. This class is the whole arithmetic, so that another backend (a CUDA
 * kernel) can reproduce the stream word for word; all words are unsigned 32-bit.
 *
 * <p><b>Block function.</b> {@code block(c0, c1, c2, c3; k0, k1)} runs 10 rounds on the counter
 * {@code (c0, c1, c2, c3)}. Round {@code r = 0 .. 9} uses the key {@code (k0 + r * 0x9E3779B9, k1 +
 * r * 0xBB67AE85) mod 2^32} and maps {@code (c0, c1, c2, c3)} to {@code (hi(B * c2) ^ c1 ^ k0_r,
 * lo(B * c2), hi(A * c0) ^ c3 ^ k1_r, lo(A * c0))}, with {@code A = 0xD2511F53}, {@code B =
 * 0xCD9E8D57} and {@code hi}/{@code lo} the upper/lower 32 bits of the 64-bit product. The four
 * words after round 9 are the block's output (in CUDA: {@code __umulhi(A, c0)} and {@code A * c0}).
 *
 * <p><b>Stream.</b> A stream is a 64-bit key {@code K}, used as {@code k0 = lo32(K), k1 = hi32(K)}.
 * A draw of {@code n} words that starts at block offset {@code O} (a 64-bit count of blocks) gives
 * element {@code i} (0-based) as word {@code i mod 4} of {@code block(lo32(O + i/4), hi32(O + i/4),
 * 0, 0; k0, k1)}; the draw then advances the stream's offset by {@code ceil(n / 4)} blocks (see
 * {@link Generator#reserveDraw}), so the next draw starts on a fresh block. Each element depends on
 * {@code (K, O, i)} alone, so a draw split across any number of threads (or CUDA threads, one block
 * of four words each) gives the same words.
 *
 * <p><b>Uniform floats.</b> {@code u = (w >>> 8) * 2^-24}, in {@code [0, 1)} and exact in float32
 * (CUDA: {@code (w >> 8) * 0x1.0p-24f}). A dropout unit {@code u} is kept iff {@code u >= p},
 * compared in double ({@code (double) u >= p}); since {@code u} is a multiple of {@code 2^-24},
 * that is the integer test {@code (w >>> 8) >= }{@link #keepThreshold}{@code (p)}, which kernels
 * use.
 *
 * <p>{@code src/test/resources/philox/philox_vectors.py} is an independent implementation that
 * writes the known answers the tests check (including the three vectors published with Random123).
 */
public final class Philox {
  /** Multiplier of word 0 (into words 2 and 3). */
  public static final long A = 0xD2511F53L;

  /** Multiplier of word 2 (into words 0 and 1). */
  public static final long B = 0xCD9E8D57L;

  /** Key increment of word 0 per round. */
  public static final int WEYL0 = 0x9E3779B9;

  /** Key increment of word 1 per round. */
  public static final int WEYL1 = 0xBB67AE85;

  private Philox() {}

  /** Writes {@code block(c0, c1, c2, c3; k0, k1)} to {@code out[at .. at + 4)}. */
  public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out, int at) {
    for (int r = 0; r < 10; r++) {
      long p0 = A * (c0 & 0xFFFFFFFFL);
      long p1 = B * (c2 & 0xFFFFFFFFL);
      int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
      int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
      c0 = n0;
      c1 = (int) p1;
      c2 = n2;
      c3 = (int) p0;
      k0 += WEYL0;
      k1 += WEYL1;
    }
    out[at] = c0;
    out[at + 1] = c1;
    out[at + 2] = c2;
    out[at + 3] = c3;
  }

  /**
   * Element {@code i} of the draw that starts at block {@code firstBlock} of stream {@code key}.
   */
  public static int word(long key, long firstBlock, long i) {
    int[] w = new int[4];
    long b = firstBlock + (i >>> 2);
    block((int) b, (int) (b >>> 32), 0, 0, (int) key, (int) (key >>> 32), w, 0);
    return w[(int) (i & 3)];
  }

  /** The uniform float in {@code [0, 1)} of word {@code w}: {@code (w >>> 8) * 2^-24}. */
  public static float uniform(int w) {
    return (w >>> 8) * 0x1.0p-24f;
  }

  /**
   * The integer form of the dropout test: for {@code p} in {@code [0, 1]}, {@code uniform(w) >= p}
   * (compared in double) iff {@code (w >>> 8) >= keepThreshold(p)}. Exact: {@code uniform(w)} is
   * {@code m * 2^-24} with {@code m = w >>> 8}, {@code p * 2^24} is exact in double, and {@code m}
   * is an integer, so {@code m >= p * 2^24} iff {@code m >= ceil(p * 2^24)}.
   */
  public static int keepThreshold(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("dropout threshold: p must be in [0, 1], got " + p);
    }
    return (int) Math.ceil(p * 0x1p24);
  }

  /**
   * Writes elements {@code [from, to)} of the draw that starts at block {@code firstBlock} of
   * stream {@code key}, as uniform floats, to {@code dst[from - shift .. to - shift)}. Any split of
   * a draw into such ranges writes the same values.
   */
  public static void uniforms(
      long key, long firstBlock, long from, long to, float[] dst, long shift) {
    int k0 = (int) key;
    int k1 = (int) (key >>> 32);
    int[] w = new int[4];
    long i = from;
    while (i < to && ((i & 3) != 0 || to - i < 8)) {
      long b = firstBlock + (i >>> 2);
      block((int) b, (int) (b >>> 32), 0, 0, k0, k1, w, 0);
      for (int j = (int) (i & 3); j < 4 && i < to; j++, i++) {
        dst[(int) (i - shift)] = uniform(w[j]);
      }
    }
    for (; to - i >= 8; i += 8) {
      pair(firstBlock + (i >>> 2), k0, k1, dst, (int) (i - shift));
    }
    for (; i < to; ) {
      long b = firstBlock + (i >>> 2);
      block((int) b, (int) (b >>> 32), 0, 0, k0, k1, w, 0);
      for (int j = 0; j < 4 && i < to; j++, i++) {
        dst[(int) (i - shift)] = uniform(w[j]);
      }
    }
  }

  /**
   * The uniform floats of blocks {@code b} and {@code b + 1} (counter words 2 and 3 zero) into
   * {@code dst[at .. at + 8)}: {@link #block} twice, interleaved so the two multiply chains
   * overlap.
   */
  private static void pair(long b, int k0, int k1, float[] dst, int at) {
    long b1 = b + 1;
    int x0 = (int) b;
    int x1 = (int) (b >>> 32);
    int x2 = 0;
    int x3 = 0;
    int y0 = (int) b1;
    int y1 = (int) (b1 >>> 32);
    int y2 = 0;
    int y3 = 0;
    for (int r = 0; r < 10; r++) {
      long px0 = A * (x0 & 0xFFFFFFFFL);
      long px2 = B * (x2 & 0xFFFFFFFFL);
      long py0 = A * (y0 & 0xFFFFFFFFL);
      long py2 = B * (y2 & 0xFFFFFFFFL);
      x0 = (int) (px2 >>> 32) ^ x1 ^ k0;
      x2 = (int) (px0 >>> 32) ^ x3 ^ k1;
      x1 = (int) px2;
      x3 = (int) px0;
      y0 = (int) (py2 >>> 32) ^ y1 ^ k0;
      y2 = (int) (py0 >>> 32) ^ y3 ^ k1;
      y1 = (int) py2;
      y3 = (int) py0;
      k0 += WEYL0;
      k1 += WEYL1;
    }
    dst[at] = uniform(x0);
    dst[at + 1] = uniform(x1);
    dst[at + 2] = uniform(x2);
    dst[at + 3] = uniform(x3);
    dst[at + 4] = uniform(y0);
    dst[at + 5] = uniform(y1);
    dst[at + 6] = uniform(y2);
    dst[at + 7] = uniform(y3);
  }
}
