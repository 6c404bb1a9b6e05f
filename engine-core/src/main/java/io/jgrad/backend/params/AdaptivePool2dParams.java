package io.jgrad.backend.params;

/**
 * Adaptive average pooling of NCHW input to a fixed output size. Output bin {@code i} covers input
 * rows {@code floor(i*H/Ho) .. ceil((i+1)*H/Ho)-1} (bins may overlap); likewise columns.
 *
 * @param batch N
 * @param channels C
 * @param inH input height
 * @param inW input width
 * @param outH output height
 * @param outW output width
 */
public record AdaptivePool2dParams(int batch, int channels, int inH, int inW, int outH, int outW) {

  /** First input row (inclusive) of output row {@code i}. */
  public int startH(int i) {
    return (int) Math.floorDiv((long) i * inH, outH);
  }

  /** Last input row (exclusive) of output row {@code i}. */
  public int endH(int i) {
    return (int) -Math.floorDiv(-(long) (i + 1) * inH, outH);
  }

  /** First input column (inclusive) of output column {@code j}. */
  public int startW(int j) {
    return (int) Math.floorDiv((long) j * inW, outW);
  }

  /** Last input column (exclusive) of output column {@code j}. */
  public int endW(int j) {
    return (int) -Math.floorDiv(-(long) (j + 1) * inW, outW);
  }
}
