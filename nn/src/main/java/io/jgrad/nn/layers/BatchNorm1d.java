package io.jgrad.nn.layers;

import io.jgrad.Tensor;

/**
 * Batch normalization over [N, C] or [N, C, L] per channel, like {@code torch.nn.BatchNorm1d}:
 * statistics over N (and L). The same state, names, modes and options as {@link BatchNorm2d}, on
 * which it runs by viewing the input as [N, C, L, 1].
 */
public class BatchNorm1d extends BatchNorm2d {
  /** eps 1e-5, momentum 0.1, affine, tracking running statistics. */
  public BatchNorm1d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1);
  }

  /** Affine, tracking running statistics. */
  public BatchNorm1d(int numFeatures, double eps, double momentum) {
    this(numFeatures, eps, momentum, true, true);
  }

  /** Every option. */
  public BatchNorm1d(
      int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
    super(numFeatures, eps, momentum, affine, trackRunningStats);
  }

  @Override
  public Tensor forward(Tensor x) {
    return super.forward(as4d(x)).reshape(x.shape().dims());
  }

  @Override
  public Tensor forwardRelu(Tensor x) {
    return super.forwardRelu(as4d(x)).reshape(x.shape().dims());
  }

  private Tensor as4d(Tensor x) {
    if (x.rank() != 2 && x.rank() != 3) {
      throw new IllegalArgumentException(
          "BatchNorm1d: expected 2-d [N, C] or 3-d [N, C, L] input, got shape " + x.shape());
    }
    if (x.dim(1) != numFeatures()) {
      throw new IllegalArgumentException(
          "BatchNorm1d: input "
              + x.shape()
              + " has "
              + x.dim(1)
              + " channels, the layer was built for num_features="
              + numFeatures());
    }
    int perChannel = x.dim(0) * (x.rank() == 3 ? x.dim(2) : 1);
    if (isTraining() && perChannel < 2) {
      throw new IllegalArgumentException(
          "BatchNorm1d: expected more than 1 value per channel when training, got input "
              + x.shape());
    }
    return x.reshape(x.dim(0), x.dim(1), x.rank() == 3 ? x.dim(2) : 1, 1);
  }
}
