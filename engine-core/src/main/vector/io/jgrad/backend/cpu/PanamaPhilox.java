package io.jgrad.backend.cpu;

import io.jgrad.Philox;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Philox#uniforms} with one Philox4x32-10 block per 64-bit lane: each 32-bit word sits
 * zero-extended in a long, so one 64-bit lane multiply gives both halves of the 32 x 32 product.
 * Whole groups of lanes-many blocks run as vectors, the ends of the range through {@link
 * Philox#uniforms}; the words are those of the scalar code bit for bit (integer arithmetic).
 *
 * <p>Used only with 512-bit vectors ({@link #WORTHWHILE}): AVX-512 multiplies 64-bit lanes in one
 * instruction, while narrower x86 vectors have no 64-bit lane multiply for C2 to use.
 */
final class PanamaPhilox {
  private static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final long M = 0xFFFFFFFFL;
  private static final LongVector IOTA = LongVector.zero(S).addIndex(1);

  /** Whether the platform's long vectors are 512 bits wide (otherwise the scalar code is used). */
  static final boolean WORTHWHILE = S.vectorBitSize() >= 512;

  private PanamaPhilox() {}

  static void uniforms(long key, long firstBlock, long from, long to, float[] dst, long shift) {
    long i = from;
    long head = Math.min(to, (from + 3) & ~3L);
    if (head > i) {
      Philox.uniforms(key, firstBlock, i, head, dst, shift);
      i = head;
    }
    long[] w = new long[4 * L];
    for (; to - i >= 4L * L; i += 4L * L) {
      group(key, firstBlock + (i >>> 2), w);
      int at = (int) (i - shift);
      for (int l = 0; l < L; l++) {
        for (int j = 0; j < 4; j++) {
          dst[at + 4 * l + j] = Philox.uniform((int) w[j * L + l]);
        }
      }
    }
    if (i < to) {
      Philox.uniforms(key, firstBlock, i, to, dst, shift);
    }
  }

  /** Blocks {@code b .. b + L} (counter words 2 and 3 zero): word j of lane l to w[j * L + l]. */
  private static void group(long key, long b, long[] w) {
    LongVector idx = IOTA.add(b);
    LongVector c0 = idx.and(M);
    LongVector c1 = idx.lanewise(VectorOperators.LSHR, 32);
    LongVector c2 = LongVector.zero(S);
    LongVector c3 = LongVector.zero(S);
    long k0 = key & M;
    long k1 = key >>> 32;
    for (int r = 0; r < 10; r++) {
      LongVector p0 = c0.mul(Philox.A);
      LongVector p2 = c2.mul(Philox.B);
      c0 = p2.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c1.lanewise(VectorOperators.XOR, k0));
      c2 = p0.lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, c3.lanewise(VectorOperators.XOR, k1));
      c1 = p2.and(M);
      c3 = p0.and(M);
      k0 = (k0 + (Philox.WEYL0 & M)) & M;
      k1 = (k1 + (Philox.WEYL1 & M)) & M;
    }
    c0.intoArray(w, 0);
    c1.intoArray(w, L);
    c2.intoArray(w, 2 * L);
    c3.intoArray(w, 3 * L);
  }
}
