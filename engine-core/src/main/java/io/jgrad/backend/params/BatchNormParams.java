package io.jgrad.backend.params;

/**
 * Batch normalization over NCHW input, statistics per channel over (N, H, W).
 *
 * @param batch N
 * @param channels C
 * @param spatial H*W
 * @param eps added to the variance
 * @param momentum running-stat update weight: running = (1-momentum)*running + momentum*batch
 */
public record BatchNormParams(int batch, int channels, int spatial, double eps, double momentum) {
  /** Elements per channel, n = N*H*W. */
  public int perChannel() {
    return batch * spatial;
  }

  /** Elements of the input. */
  public int size() {
    return batch * channels * spatial;
  }
}
