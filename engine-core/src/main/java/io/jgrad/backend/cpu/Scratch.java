package io.jgrad.backend.cpu;

/**
 * Per-thread scratch buffers, grown on demand and reused across kernel calls, so hot kernels
 * allocate nothing. Each caller uses its own slot; a kernel must not hand a slot to code that uses
 * the same slot while the first use is still live.
 */
final class Scratch {
  /** Slot of im2col/im2row rows and batch-norm staging rows. */
  static final int ROWS = 0;

  /** Slot of product rows (the C of a row GEMM). */
  static final int PRODUCT = 1;

  /** Slot of output-gradient rows used by weight gradients. */
  static final int GRAD_ROWS = 2;

  /** Slot of a padded source plane. */
  static final int PLANE = 0;

  /** Slot of a second flat buffer. */
  static final int FLAT = 1;

  /** Slot of the temporary of a folding sum. */
  static final int FOLD = 2;

  private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

  private final float[][][] rows = new float[3][][];
  private final float[][] flats = new float[3][];
  private double[] doubles = new double[0];

  private Scratch() {}

  /** The calling thread's scratch. */
  static Scratch get() {
    return LOCAL.get();
  }

  /**
   * At least {@code count} rows of at least {@code length} floats each, with unspecified contents.
   * The returned array may hold more rows, and rows may be longer.
   */
  float[][] rows(int slot, int count, int length) {
    float[][] r = rows[slot];
    if (r == null || r.length < count) {
      float[][] grown = new float[Math.max(count, r == null ? 0 : r.length)][];
      if (r != null) {
        System.arraycopy(r, 0, grown, 0, r.length);
      }
      r = grown;
      rows[slot] = r;
    }
    for (int i = 0; i < count; i++) {
      if (r[i] == null || r[i].length < length) {
        r[i] = new float[length];
      }
    }
    return r;
  }

  /**
   * At least {@code length} doubles with unspecified contents (one slot: per-chunk partial sums
   * that a loop's chunks fill and the calling thread adds up: {@link DirectWeightGrad}, {@link
   * SampleChunks#sums}).
   */
  double[] doubles(int length) {
    if (doubles.length < length) {
      doubles = new double[length];
    }
    return doubles;
  }

  /** At least {@code length} floats with unspecified contents. */
  float[] flat(int slot, int length) {
    float[] f = flats[slot];
    if (f == null || f.length < length) {
      f = new float[length];
      flats[slot] = f;
    }
    return f;
  }
}
