package io.jgrad.nn.layers;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.Backends;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;

/**
 * Batch normalization over [N, C, H, W] per channel, like {@code torch.nn.BatchNorm2d}.
 *
 * <p>State, with PyTorch's names: parameters {@code weight} (ones) and {@code bias} (zeros) when
 * {@code affine}; buffers {@code running_mean} (zeros), {@code running_var} (ones) and {@code
 * num_batches_tracked} when {@code trackRunningStats}. jgrad tensors are float32 only, so {@code
 * num_batches_tracked} is a float tensor of shape [] (PyTorch: int64); it counts exactly up to 2^24
 * batches.
 *
 * <p>In training mode the batch statistics normalize (biased variance), the running statistics are
 * updated in place with {@code momentum} (unbiased variance) and {@code num_batches_tracked} grows
 * by one. In evaluation mode the running statistics normalize; without tracked statistics the batch
 * statistics are used in both modes. PyTorch's {@code momentum=None} (cumulative average) is not
 * supported.
 */
public class BatchNorm2d extends Module {
  private final int numFeatures;
  private final double eps;
  private final double momentum;
  private final boolean affine;
  private final boolean trackRunningStats;

  /** eps 1e-5, momentum 0.1, affine, tracking running statistics. */
  public BatchNorm2d(int numFeatures) {
    this(numFeatures, 1e-5, 0.1);
  }

  /** Affine, tracking running statistics. */
  public BatchNorm2d(int numFeatures, double eps, double momentum) {
    this(numFeatures, eps, momentum, true, true);
  }

  /** Every option. */
  public BatchNorm2d(
      int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
    if (numFeatures < 1) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": num_features must be >= 1, got " + numFeatures);
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": eps must be > 0, got " + eps);
    }
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": momentum must be in [0, 1], got " + momentum);
    }
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    Device d = Backends.defaultDevice();
    Shape c = Shape.of(numFeatures);
    registerParameter("weight", affine ? Tensors.ones(c, d) : null);
    registerParameter("bias", affine ? Tensors.zeros(c, d) : null);
    registerBuffer("running_mean", trackRunningStats ? Tensors.zeros(c, d) : null);
    registerBuffer("running_var", trackRunningStats ? Tensors.ones(c, d) : null);
    registerBuffer(
        "num_batches_tracked", trackRunningStats ? Tensors.zeros(Shape.scalar(), d) : null);
  }

  @Override
  public Tensor forward(Tensor x) {
    return normalize(x, false);
  }

  /**
   * {@code relu(forward(x))} as one fused op ({@link Functional#batchNorm2dRelu}): the same result,
   * gradients and running-statistics updates, in one pass and one activation buffer less. {@link
   * io.jgrad.nn.Sequential} uses it for a batch norm directly followed by a ReLU.
   */
  public Tensor forwardRelu(Tensor x) {
    return normalize(x, true);
  }

  private Tensor normalize(Tensor x, boolean relu) {
    if (x.rank() != 4) {
      throw new IllegalArgumentException(
          "BatchNorm2d: expected 4-d input [N, C, H, W], got shape " + x.shape());
    }
    if (x.dim(1) != numFeatures) {
      throw new IllegalArgumentException(
          "BatchNorm2d: input "
              + x.shape()
              + " has "
              + x.dim(1)
              + " channels, the layer was"
              + " built for num_features="
              + numFeatures);
    }
    boolean training = isTraining();
    boolean useBatchStats = training || !trackRunningStats;
    Tensor y =
        relu
            ? Functional.batchNorm2dRelu(
                x, runningMean(), runningVar(), weight(), bias(), useBatchStats, momentum, eps)
            : Functional.batchNorm2d(
                x, runningMean(), runningVar(), weight(), bias(), useBatchStats, momentum, eps);
    if (training && trackRunningStats) {
      Tensor n = numBatchesTracked();
      n.copyFrom(Tensors.full(Shape.scalar(), n.item() + 1.0, n.device()));
    }
    return y;
  }

  /** The scale [C], or null when not affine. */
  public Tensor weight() {
    return parameter("weight");
  }

  /** The shift [C], or null when not affine. */
  public Tensor bias() {
    return parameter("bias");
  }

  /** Running mean [C], or null when not tracking. */
  public Tensor runningMean() {
    return buffer("running_mean");
  }

  /** Running (unbiased) variance [C], or null when not tracking. */
  public Tensor runningVar() {
    return buffer("running_var");
  }

  /** Number of training batches seen, a float tensor of shape [], or null when not tracking. */
  public Tensor numBatchesTracked() {
    return buffer("num_batches_tracked");
  }

  /** Number of channels. */
  public int numFeatures() {
    return numFeatures;
  }

  /** The variance epsilon. */
  public double eps() {
    return eps;
  }

  /** The running-statistics momentum. */
  public double momentum() {
    return momentum;
  }

  /** Whether the layer has weight and bias. */
  public boolean affine() {
    return affine;
  }

  /** Whether the layer keeps running statistics. */
  public boolean trackRunningStats() {
    return trackRunningStats;
  }

  @Override
  protected String extraRepr() {
    return numFeatures
        + ", eps="
        + Reprs.pyFloat(eps)
        + ", momentum="
        + Reprs.pyFloat(momentum)
        + ", affine="
        + Reprs.pyBool(affine)
        + ", track_running_stats="
        + Reprs.pyBool(trackRunningStats);
  }
}
