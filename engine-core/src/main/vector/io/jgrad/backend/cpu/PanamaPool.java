package io.jgrad.backend.cpu;

import io.jgrad.backend.params.Pool2dParams;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaxPool2x2} with the Vector API: one vector of each input row covers {@link #W} windows.
 * Lane pairs (2k, 2k+1) are one window's columns, so a pair is one 64-bit lane of the same bits
 * read as longs, and shifts by 32 move a value onto its partner lane. Only operations JDK 17
 * compiles to instructions are used (shifts, compares, blends, constant shuffles): shape
 * conversions and mask casts fall back to allocating Java code there. A row's last windows are a
 * vector overlapping the previous one (results are written twice, identically); planes narrower
 * than a vector go to {@link MaxPool2x2} whole, groups with a NaN maximum and groups at the end of
 * the data go to {@link MaxPool2x2}'s scalar windows. Results are bit for bit those of {@link
 * MaxPool2x2}.
 */
final class PanamaPool {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Windows per vector. */
  static final int W = L / 2;

  /** Lanes 0, 2, 4, ... first (then the odd ones, which are ignored). */
  private static final VectorShuffle<Float> EVENS =
      VectorShuffle.fromOp(S, i -> i < W ? 2 * i : 2 * (i - W) + 1);

  /** Lanes 0, 0, 1, 1, ...: each of the first W values twice. */
  private static final VectorShuffle<Float> TWICE = VectorShuffle.fromOp(S, i -> i / 2);

  private static final float ALL_BITS = Float.intBitsToFloat(-1);
  private static final long LOW = 0xFFFFFFFFL;

  private PanamaPool() {}

  static void forward(float[] x, float[] y, Pool2dParams p, int from, int to) {
    if (p.outW() < W) {
      MaxPool2x2.forward(x, y, p, from, to, Scratch.get().flat(Scratch.FLAT, p.inW()));
      return;
    }
    int inH = p.inH();
    int inW = p.inW();
    int outH = p.outH();
    int outW = p.outW();
    // a group's store writes L floats, W of them garbage that later groups overwrite: it must
    // not reach past the planes this call owns
    int limit = to * outH * outW;
    for (int plane = from; plane < to; plane++) {
      int in = plane * inH * inW;
      int o = plane * outH * outW;
      for (int i = 0; i < outH; i++, o += outW) {
        int r0 = in + 2 * i * inW;
        int r1 = r0 + inW;
        for (int j0 = 0; j0 < outW; j0 += W) {
          int j = Math.min(j0, outW - W);
          if (o + j + L <= limit) {
            forwardGroup(x, y, r0, r1, o + j, j);
          } else {
            MaxPool2x2.forwardWindows(x, y, r0, r1, o, j, j + W);
          }
        }
      }
    }
  }

  /** Windows [j, j + W) of one output row, stored at {@code at} (and garbage after them). */
  private static void forwardGroup(float[] x, float[] y, int r0, int r1, int at, int j) {
    FloatVector rows =
        FloatVector.fromArray(S, x, r0 + 2 * j).max(FloatVector.fromArray(S, x, r1 + 2 * j));
    // the odd columns moved onto the even ones: max(even, odd) lands in the even lanes
    FloatVector odd =
        rows.reinterpretAsLongs().lanewise(VectorOperators.LSHR, 32).reinterpretAsFloats();
    rows.max(odd).rearrange(EVENS).intoArray(y, at);
  }

  static void backward(
      float[] x, float[] y, float[] g, float[] dx, Pool2dParams p, int from, int to) {
    if (p.outW() < W) {
      MaxPool2x2.backward(x, y, g, dx, p, from, to);
      return;
    }
    int inH = p.inH();
    int inW = p.inW();
    int outH = p.outH();
    int outW = p.outW();
    for (int plane = from; plane < to; plane++) {
      int in = plane * inH * inW;
      int o = plane * outH * outW;
      for (int i = 0; i < outH; i++, o += outW) {
        int r0 = in + 2 * i * inW;
        int r1 = r0 + inW;
        for (int j0 = 0; j0 < outW; j0 += W) {
          int j = Math.min(j0, outW - W);
          // the loads of y and g read L floats: within the arrays
          if (o + j + L > y.length || !backwardGroup(x, y, g, dx, r0, r1, o, j)) {
            MaxPool2x2.backwardWindows(x, y, g, dx, r0, r1, o, j, j + W);
          }
        }
      }
      MaxPool2x2.zeroUncovered(dx, in, p);
    }
  }

  /**
   * Windows [j, j + W) of one output row, backward; false, writing nothing, when a maximum is NaN.
   * As 64-bit lanes, a window's flags "top-left equals the maximum" (low half) and "top-right
   * equals it" (high half) give the top row's one-hot mask as {@code e0 & ~(e0 << 32)}; the bottom
   * row's is "neither top element" and "bottom-left" (low half) or "not bottom-left" (high half).
   */
  private static boolean backwardGroup(
      float[] x, float[] y, float[] g, float[] dx, int r0, int r1, int o, int j) {
    FloatVector maxima = FloatVector.fromArray(S, y, o + j).rearrange(TWICE);
    if (maxima.compare(VectorOperators.NE, maxima).anyTrue()) {
      return false;
    }
    LongVector grads = FloatVector.fromArray(S, g, o + j).rearrange(TWICE).reinterpretAsLongs();
    LongVector e0 = flags(FloatVector.fromArray(S, x, r0 + 2 * j), maxima);
    LongVector e1 = flags(FloatVector.fromArray(S, x, r1 + 2 * j), maxima);
    LongVector top = e0.and(e0.lanewise(VectorOperators.LSHL, 32).not());
    LongVector eitherTop =
        e0.or(e0.lanewise(VectorOperators.LSHL, 32)).or(e0.lanewise(VectorOperators.LSHR, 32));
    LongVector bottomLeft = e1.and(LOW);
    LongVector leftOrNot =
        bottomLeft
            .or(bottomLeft.lanewise(VectorOperators.LSHL, 32))
            .lanewise(VectorOperators.XOR, ~LOW);
    LongVector bottom = eitherTop.not().and(leftOrNot);
    grads.and(top).reinterpretAsFloats().intoArray(dx, r0 + 2 * j);
    grads.and(bottom).reinterpretAsFloats().intoArray(dx, r1 + 2 * j);
    return true;
  }

  /** All bits set in the lanes where {@code row == maxima}, else 0, read as 64-bit lane pairs. */
  private static LongVector flags(FloatVector row, FloatVector maxima) {
    return FloatVector.zero(S).blend(ALL_BITS, row.eq(maxima)).reinterpretAsLongs();
  }
}
