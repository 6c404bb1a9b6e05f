package io.jgrad.backend.cpu;

import io.jgrad.backend.params.Pool2dParams;

/**
 * The innermost loops that decide the CPU backend's speed, behind one interface with two
 * implementations chosen at start-up by {@link Vectorization}: {@code PanamaOps}, explicit SIMD
 * through the incubating Vector API ({@code jdk.incubator.vector}, when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}), and {@link PlainOps}, plain Java that runs
 * everywhere.
 *
 * <p>Widths are padded: an operation over {@code width} columns computes {@code padded(width)} of
 * them (a multiple of {@link #columnBlock()}), so callers give rows that long and the extra
 * columns' results are ignored. Each result element is computed by the same sequence of float
 * operations wherever its column falls, so results never depend on how callers split the work.
 */
interface VectorOps {
  /** Whether this implementation uses SIMD instructions through the Vector API. */
  boolean simd();

  /** Floats per vector. */
  int lanes();

  /** Columns the matrix loops handle at once: widths are rounded up to a multiple of this. */
  int columnBlock();

  /** {@code width} rounded up to a multiple of {@link #columnBlock()}. */
  default int padded(int width) {
    int b = columnBlock();
    return (width + b - 1) / b * b;
  }

  /**
   * Copies {@code runs} runs of {@code len} floats from {@code src} (run r at {@code srcOff + r *
   * srcPitch}) to {@code dst} (at {@code dstOff + r * dstPitch}); the runs must not overlap.
   */
  void copyRuns(
      float[] src,
      int srcOff,
      int srcPitch,
      float[] dst,
      int dstOff,
      int dstPitch,
      int runs,
      int len);

  /**
   * {@link #copyRuns}, and zeros in the gap after each run but the last ({@code dstPitch - len}
   * floats): the destination rows of runs - 1 full pitches plus the last run are overwritten, which
   * lets short runs be stored as whole vectors (the overflow lands in the gap or the next run and
   * is rewritten). {@code srcPitch >= len} and {@code dstPitch >= len}.
   */
  void copyRunsZeroGaps(
      float[] src,
      int srcOff,
      int srcPitch,
      float[] dst,
      int dstOff,
      int dstPitch,
      int runs,
      int len);

  /**
   * Matrix product into rows: for {@code i < m} and {@code j < padded(width)}, {@code c[cRow +
   * i][j] += sum over p < k, in order, of a[aOff + i * aRowStride + p * aColStride] * b[bOff[p] +
   * j]}. Row p of B is the slice of {@code b} at {@code bOff[p]}, so B can be an im2col buffer or
   * shifted views of one image plane.
   */
  void gemm(
      float[][] c,
      int cRow,
      int m,
      float[] a,
      int aOff,
      int aRowStride,
      int aColStride,
      float[] b,
      int[] bOff,
      int k,
      int width);

  /**
   * Dot products kept per lane: for {@code i < m}, {@code q < n} and {@code j < padded(width)},
   * adds {@code a[aRow + i][j] * b[bOff[q] + j]} into {@code acc[(i * n + q) * lanes() + j %
   * lanes()]}. The caller sums the lanes of each (i, q) when it wants the total.
   */
  void dotLanes(float[][] a, int aRow, int m, float[] b, int[] bOff, int n, int width, float[] acc);

  /**
   * ReLU's gradient over {@code [from, to)}: {@code out[i] = g[i]} where {@code y[i] > 0} (NaN is
   * not), else +0.0, exactly (no multiplication, so an infinite or NaN gradient is never turned
   * into NaN where it is masked out).
   */
  void reluBackward(float[] y, float[] g, float[] out, int from, int to);

  /**
   * Batch norm's affine map with a fused ReLU over {@code [from, to)}: {@code y[i] = max(((x[i] -
   * hi) - lo) * scale + shift, 0)} with {@code Math.max}'s semantics (NaN kept, -0 becomes +0), so
   * the result is bit for bit the affine map followed by the ReLU kernel.
   */
  void affineRelu(
      float[] x, float[] y, int from, int to, float hi, float lo, float scale, float shift);

  /**
   * Sum over {@code planes} runs of {@code len} floats starting at {@code first}, {@code stride}
   * apart (one channel of an NCHW tensor), accumulated in float per lane for a bounded number of
   * terms and in double across.
   */
  double sum(float[] x, int first, int stride, int planes, int len);

  /**
   * With {@code d = (x - hi) - lo} over the same runs as {@link #sum}: adds sum d to {@code out[0]}
   * and sum d^2 to {@code out[1]}.
   */
  void centeredSums(
      float[] x, int first, int stride, int planes, int len, float hi, float lo, double[] out);

  /**
   * With {@code d = (x - hi) - lo} over the same runs as {@link #sum} (of both arrays): adds sum g
   * to {@code out[0]}, sum g * d to {@code out[1]} and sum d to {@code out[2]}.
   */
  void gradMoments(
      float[] g,
      float[] x,
      int first,
      int stride,
      int planes,
      int len,
      float hi,
      float lo,
      double[] out);

  /**
   * Max pooling with a 2x2 window, stride 2, no padding, over planes [from, to) of {@code x} into
   * {@code y}: {@link MaxPool2x2#forward}'s results.
   */
  void maxPool2x2(float[] x, float[] y, Pool2dParams p, int from, int to);

  /**
   * Its backward over planes [from, to) into {@code dx}, every element written: {@link
   * MaxPool2x2#backward}'s results.
   */
  void maxPool2x2Backward(
      float[] x, float[] y, float[] g, float[] dx, Pool2dParams p, int from, int to);

  /**
   * Dropout units {@code [from, to)} of a draw of the counter-based stream ({@link
   * io.jgrad.Philox}): unit {@code u} is kept iff {@code (word(u) >>> 8) >= threshold} ({@link
   * io.jgrad.Philox#keepThreshold}); writes {@code scale[u]} ({@code keepScale} or 0) and, unless
   * {@code out} is null, {@code out[u] = x[u] * scale[u]}. The same values bit for bit in both
   * implementations (integer arithmetic, one float multiply per element).
   */
  void dropoutMask(
      long key,
      long firstBlock,
      int from,
      int to,
      int threshold,
      float keepScale,
      float[] scale,
      float[] x,
      float[] out);
}
