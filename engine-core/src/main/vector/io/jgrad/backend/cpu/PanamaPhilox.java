package io.jgrad.backend.cpu;

import io.jgrad.Philox;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorOps#dropoutMask} with one Philox4x32-10 block per 64-bit lane: each 32-bit word
 * sits zero-extended in a long, so one 64-bit lane multiply gives both halves of the 32 x 32
 * product. The four words of each block are then packed into two longs per lane and interleaved
 * across lanes, which puts them in element order as 32-bit lanes, so the keep test, the mask and
 * the scaled elements are whole-vector operations with no scalar pass. Whole groups of 8 blocks
 * (32 units) run as vectors, the ends of the range through {@link PlainOps#dropoutMask}; every
 * word is the scalar code's bit for bit (integer arithmetic), and each product is the same single
 * float multiply.
 *
 * <p>Used only with 512-bit vectors ({@link #WORTHWHILE}): AVX-512 multiplies 64-bit lanes in one
 * instruction, while narrower x86 vectors have no 64-bit lane multiply for C2 to use. Every vector
 * here is 512 bits wide, the one shape of {@link PanamaOps} on such machines.
 */
final class PanamaPhilox {
  private static final VectorSpecies<Long> LS = LongVector.SPECIES_512;
  private static final VectorSpecies<Integer> IS = IntVector.SPECIES_512;
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_512;
  private static final int BLOCKS = LS.length();
  private static final int UNITS = 4 * BLOCKS;
  private static final long M = 0xFFFFFFFFL;
  private static final LongVector IOTA = LongVector.zero(LS).addIndex(1);

  /**
   * Lanes 0..3 and 4..7, each repeated twice: with {@link #ODD}, the interleaving of two vectors
   * (a0, b0, a1, b1, ...). Two one-vector shuffles and a blend: JDK 17 compiles the two-vector
   * {@code rearrange} far less well (4 times slower here).
   */
  private static final VectorShuffle<Long> LOW = VectorShuffle.fromValues(LS, 0, 0, 1, 1, 2, 2, 3, 3);

  private static final VectorShuffle<Long> HIGH = VectorShuffle.fromValues(LS, 4, 4, 5, 5, 6, 6, 7, 7);

  private static final VectorMask<Long> ODD =
      VectorMask.fromValues(LS, false, true, false, true, false, true, false, true);

  /** Whether the platform's vectors are 512 bits wide (otherwise the scalar code is used). */
  static final boolean WORTHWHILE = LongVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

  private PanamaPhilox() {}

  static void dropoutMask(
      long key,
      long firstBlock,
      int from,
      int to,
      int threshold,
      float keepScale,
      float[] scale,
      float[] x,
      float[] out) {
    int i = from;
    int head = Math.min(to, (from + 3) & ~3);
    if (head > i) {
      PlainOps.mask(key, firstBlock, i, head, threshold, keepScale, scale, x, out);
      i = head;
    }
    IntVector limit = IntVector.broadcast(IS, threshold);
    FloatVector kept = FloatVector.broadcast(FS, keepScale);
    FloatVector dropped = FloatVector.zero(FS);
    long k0 = key & M;
    long k1 = key >>> 32;
    for (; to - i >= UNITS; i += UNITS) {
      LongVector c0 = IOTA.add(firstBlock + (i >>> 2));
      LongVector c1 = c0.lanewise(VectorOperators.LSHR, 32);
      c0 = c0.and(M);
      LongVector c2 = LongVector.zero(LS);
      LongVector c3 = LongVector.zero(LS);
      long r0 = k0;
      long r1 = k1;
      for (int r = 0; r < 10; r++) {
        LongVector p0 = c0.mul(Philox.A);
        LongVector p2 = c2.mul(Philox.B);
        c0 = p2.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c1.lanewise(VectorOperators.XOR, r0));
        c2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c3.lanewise(VectorOperators.XOR, r1));
        c1 = p2.and(M);
        c3 = p0.and(M);
        r0 = (r0 + (Philox.WEYL0 & M)) & M;
        r1 = (r1 + (Philox.WEYL1 & M)) & M;
      }
      // little-endian: long lane (w0 | w1 << 32) is int lanes (w0, w1)
      LongVector words01 = c0.or(c1.lanewise(VectorOperators.LSHL, 32));
      LongVector words23 = c2.or(c3.lanewise(VectorOperators.LSHL, 32));
      LongVector low = words01.rearrange(LOW).blend(words23.rearrange(LOW), ODD);
      LongVector high = words01.rearrange(HIGH).blend(words23.rearrange(HIGH), ODD);
      apply(low, i, limit, kept, dropped, scale, x, out);
      apply(high, i + UNITS / 2, limit, kept, dropped, scale, x, out);
    }
    if (i < to) {
      PlainOps.mask(key, firstBlock, i, to, threshold, keepScale, scale, x, out);
    }
  }

  /** Sixteen units from their words in element order. */
  private static void apply(
      LongVector words,
      int at,
      IntVector limit,
      FloatVector kept,
      FloatVector dropped,
      float[] scale,
      float[] x,
      float[] out) {
    IntVector bits = words.reinterpretAsInts().lanewise(VectorOperators.LSHR, 8);
    VectorMask<Float> keep = bits.compare(VectorOperators.GE, limit).cast(FS);
    FloatVector s = dropped.blend(kept, keep);
    s.intoArray(scale, at);
    if (out != null) {
      FloatVector.fromArray(FS, x, at).mul(s).intoArray(out, at);
    }
  }
}
