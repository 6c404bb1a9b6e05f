package io.jgrad.functional;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.backend.params.Interpolation;
import io.jgrad.ops.activation.ReluOp;
import io.jgrad.ops.conv.Conv2dOp;
import io.jgrad.ops.dropout.DropoutOp;
import io.jgrad.ops.image.RotateOp;
import io.jgrad.ops.linalg.LinearOp;
import io.jgrad.ops.loss.NllLossOp;
import io.jgrad.ops.norm.BatchNorm2dOp;
import io.jgrad.ops.pool.AdaptiveAvgPool2dOp;
import io.jgrad.ops.pool.AvgPool2dOp;
import io.jgrad.ops.pool.MaxPool2dOp;
import io.jgrad.ops.softmax.SoftmaxOp;

/**
 * Stateless neural-network functions, the counterpart of {@code torch.nn.functional}; the nn
 * module's layers call these. Pair arguments are {@code [h, w]} or a single value for both.
 */
public final class Functional {
  private Functional() {}

  /** 2-D convolution; {@code bias} may be null. */
  public static Tensor conv2d(
      Tensor input,
      Tensor weight,
      Tensor bias,
      int[] stride,
      int[] padding,
      int[] dilation,
      int groups) {
    return Conv2dOp.apply(input, weight, bias, stride, padding, dilation, groups);
  }

  /** 2-D convolution with square stride and padding, no dilation, one group. */
  public static Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int stride, int padding) {
    return conv2d(input, weight, bias, new int[] {stride}, new int[] {padding}, new int[] {1}, 1);
  }

  /** Batch normalization; see {@link BatchNorm2dOp#apply}. */
  public static Tensor batchNorm2d(
      Tensor input,
      Tensor runningMean,
      Tensor runningVar,
      Tensor weight,
      Tensor bias,
      boolean training,
      double momentum,
      double eps) {
    return BatchNorm2dOp.apply(
        input, weight, bias, runningMean, runningVar, training, momentum, eps);
  }

  /**
   * {@code relu(batchNorm2d(...))} as one fused op: the same arguments and, on the CPU, the same
   * result and gradients bit for bit, in fewer passes over memory; see {@link BatchNorm2dOp#apply}.
   */
  public static Tensor batchNorm2dRelu(
      Tensor input,
      Tensor runningMean,
      Tensor runningVar,
      Tensor weight,
      Tensor bias,
      boolean training,
      double momentum,
      double eps) {
    return BatchNorm2dOp.apply(
        input, weight, bias, runningMean, runningVar, training, momentum, eps, true);
  }

  /** Max pooling; {@code stride} null means the kernel size. */
  public static Tensor maxPool2d(Tensor input, int[] kernel, int[] stride, int[] padding) {
    return MaxPool2dOp.apply(input, kernel, stride, padding);
  }

  /** Max pooling with a square window, stride = window, no padding. */
  public static Tensor maxPool2d(Tensor input, int kernel) {
    return maxPool2d(input, new int[] {kernel}, null, new int[] {0});
  }

  /** Average pooling; {@code stride} null means the kernel size. */
  public static Tensor avgPool2d(
      Tensor input, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
    return AvgPool2dOp.apply(input, kernel, stride, padding, countIncludePad);
  }

  /** Adaptive average pooling to [outH, outW]. */
  public static Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW) {
    return AdaptiveAvgPool2dOp.apply(input, outH, outW);
  }

  /** Global average pooling: [N, C, H, W] to [N, C, 1, 1]. */
  public static Tensor globalAvgPool2d(Tensor input) {
    return AdaptiveAvgPool2dOp.apply(input, 1, 1);
  }

  /** Element-wise dropout (identity when not training). */
  public static Tensor dropout(Tensor input, double p, boolean training, Generator generator) {
    return DropoutOp.apply(input, p, training, false, generator);
  }

  /** Channel-wise dropout of [N, C, ...] (identity when not training). */
  public static Tensor dropout2d(Tensor input, double p, boolean training, Generator generator) {
    return DropoutOp.apply(input, p, training, true, generator);
  }

  /** max(x, 0). */
  public static Tensor relu(Tensor input) {
    return ReluOp.apply(input);
  }

  /** x·Wᵀ + b; {@code bias} may be null. */
  public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
    return LinearOp.apply(input, weight, bias);
  }

  /** Softmax along {@code dim}. */
  public static Tensor softmax(Tensor input, int dim) {
    return SoftmaxOp.apply(input, dim, false);
  }

  /** Log-softmax along {@code dim}. */
  public static Tensor logSoftmax(Tensor input, int dim) {
    return SoftmaxOp.apply(input, dim, true);
  }

  /** Mean negative log-likelihood of log-probabilities [N, C] for class indices [N]. */
  public static Tensor nllLoss(Tensor logProbs, int[] targets) {
    return NllLossOp.apply(logProbs, targets);
  }

  /** Cross-entropy of logits [N, C]: nll_loss(log_softmax(logits, 1), targets). */
  public static Tensor crossEntropy(Tensor logits, int[] targets) {
    if (logits.rank() != 2) {
      throw new IllegalArgumentException(
          "cross_entropy: input must have 2 dimensions [N, C], got shape " + logits.shape());
    }
    return NllLossOp.apply(SoftmaxOp.apply(logits, 1, true), targets);
  }

  /**
   * Rotates each image of {@code images} [N, C, H, W] by {@code degrees[n]} counter-clockwise about
   * its centre, keeping the size: torchvision's {@code rotate(img, angle, interpolation,
   * expand=False, center=None, fill)} on a float tensor, batched and on the tensor's device. Not
   * differentiable: the result has no gradient history, and an input that requires grad (while
   * gradients are recorded) is rejected with an {@link IllegalArgumentException}.
   *
   * @param fill one value for every channel, one per channel, or null for torchvision's {@code
   *     fill=None} (zeros outside, no blending)
   */
  public static Tensor rotate(
      Tensor images, double[] degrees, Interpolation interpolation, float[] fill) {
    double[] f = null;
    if (fill != null) {
      f = new double[fill.length];
      for (int i = 0; i < fill.length; i++) {
        f[i] = fill[i];
      }
    }
    return RotateOp.apply(images, degrees, interpolation, f);
  }
}
