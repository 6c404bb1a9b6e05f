package io.jgrad.backend.params;

/**
 * Batch normalization over NCHW input, statistics per channel over (N, H, W).
 *
 * @param batch N
 * @param channels C
 * @param spatial H*W
 * @param eps added to the variance
 * @param momentum running-stat update weight: running = (1-momentum)*running + momentum*batch
 * @param relu whether a ReLU follows in the same pass: the forward kernels write max(0, BN(x)) and
 *     the {@code *Relu} backward kernels mask the output gradient with (output &gt; 0) first
 */
public record BatchNormParams(
    int batch, int channels, int spatial, double eps, double momentum, boolean relu) {
  /** Plain batch normalization (no fused ReLU). */
  public BatchNormParams(int batch, int channels, int spatial, double eps, double momentum) {
    this(batch, channels, spatial, eps, momentum, false);
  }

  /** Elements per channel, n = N*H*W. */
  public int perChannel() {
    return batch * spatial;
  }

  /** Elements of the input. */
  public int size() {
    return batch * channels * spatial;
  }

  /** The same normalization with the fused ReLU switched {@code on} or off. */
  public BatchNormParams withRelu(boolean on) {
    return new BatchNormParams(batch, channels, spatial, eps, momentum, on);
  }
}
