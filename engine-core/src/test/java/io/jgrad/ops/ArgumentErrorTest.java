package io.jgrad.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.functional.Functional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad arguments throw {@link IllegalArgumentException} whose message names the op, the argument and
 * the shapes or values involved (style lesson 15). Each assertion checks the message text, not just
 * the type.
 */
class ArgumentErrorTest {

  private static Tensor t(int... shape) {
    return Tensors.zeros(Shape.of(shape), Device.CPU);
  }

  /** Asserts an IllegalArgumentException whose message contains every fragment. */
  private static void assertError(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    String msg = e.getMessage();
    for (String f : fragments) {
      assertTrue(msg != null && msg.contains(f), "message lacks '" + f + "': " + msg);
    }
  }

  private static Tensor conv(Tensor x, Tensor w, int[] stride, int[] pad, int[] dil, int groups) {
    return Functional.conv2d(x, w, null, stride, pad, dil, groups);
  }

  private static final int[] ONE = {1, 1};
  private static final int[] ZERO = {0, 0};

  @Nested
  class Conv2d {
    @Test
    void inputMustBe4d() {
      assertError(
          () -> conv(t(3, 5, 5), t(2, 3, 3, 3), ONE, ZERO, ONE, 1),
          "conv2d",
          "input",
          "4 dimensions",
          "[3, 5, 5]");
    }

    @Test
    void weightMustBe4d() {
      assertError(
          () -> conv(t(1, 3, 5, 5), t(8, 3, 3), ONE, ZERO, ONE, 1),
          "conv2d",
          "weight",
          "4 dimensions",
          "[8, 3, 3]");
    }

    @Test
    void channelMismatch() {
      assertError(
          () -> conv(t(1, 3, 5, 5), t(4, 2, 3, 3), ONE, ZERO, ONE, 1),
          "conv2d",
          "channels",
          "[1, 3, 5, 5]",
          "[4, 2, 3, 3]");
    }

    @Test
    void groupsMustDivideChannels() {
      assertError(
          () -> conv(t(1, 4, 5, 5), t(6, 2, 3, 3), ONE, ZERO, ONE, 3),
          "conv2d",
          "groups 3",
          "[1, 4, 5, 5]",
          "[6, 2, 3, 3]");
      assertError(
          () -> conv(t(1, 4, 5, 5), t(5, 2, 3, 3), ONE, ZERO, ONE, 2),
          "conv2d",
          "groups 2",
          "[5, 2, 3, 3]");
    }

    @Test
    void kernelLargerThanPaddedInput() {
      assertError(
          () -> conv(t(1, 1, 2, 2), t(1, 1, 3, 3), ONE, ZERO, ONE, 1),
          "conv2d",
          "larger than the padded input",
          "[1, 1, 2, 2]",
          "[1, 1, 3, 3]");
      // Dilation 2 makes a 3x3 kernel span 5x5 > 4x4.
      assertError(
          () -> conv(t(1, 1, 4, 4), t(1, 1, 3, 3), ONE, ZERO, new int[] {2, 2}, 1),
          "conv2d",
          "5x5",
          "[1, 1, 4, 4]");
    }

    @Test
    void strideMustBePositive() {
      assertError(
          () -> conv(t(1, 1, 5, 5), t(1, 1, 3, 3), new int[] {0, 1}, ZERO, ONE, 1),
          "conv2d",
          "stride",
          "[0, 1]");
    }

    @Test
    void paddingMustBeNonNegative() {
      assertError(
          () -> conv(t(1, 1, 5, 5), t(1, 1, 3, 3), ONE, new int[] {-1}, ONE, 1),
          "conv2d",
          "padding",
          "-1");
    }

    @Test
    void dilationMustBePositive() {
      assertError(
          () -> conv(t(1, 1, 5, 5), t(1, 1, 3, 3), ONE, ZERO, new int[] {0}, 1),
          "conv2d",
          "dilation",
          "[0]");
    }

    @Test
    void groupsMustBePositive() {
      assertError(
          () -> conv(t(1, 1, 5, 5), t(1, 1, 3, 3), ONE, ZERO, ONE, 0), "conv2d", "groups", "0");
    }

    @Test
    void biasShape() {
      assertError(
          () -> Functional.conv2d(t(1, 1, 5, 5), t(2, 1, 3, 3), t(3), ONE, ZERO, ONE, 1),
          "conv2d",
          "bias",
          "[2]",
          "[3]");
    }

    @Test
    void pairArgumentsNeedOneOrTwoValues() {
      assertError(
          () -> conv(t(1, 1, 5, 5), t(1, 1, 3, 3), new int[] {1, 1, 1}, ZERO, ONE, 1),
          "conv2d",
          "stride",
          "[1, 1, 1]");
    }
  }

  @Nested
  class Elementwise {
    @Test
    void nonBroadcastableShapes() {
      assertError(() -> t(2, 3).add(t(4)), "add", "[2, 3]", "[4]", "broadcast");
      assertError(() -> t(2, 3).sub(t(3, 2)), "sub", "[2, 3]", "[3, 2]");
      assertError(() -> t(2, 3).mul(t(2, 1, 4)), "mul", "[2, 3]", "[2, 1, 4]");
      assertError(() -> t(5).div(t(4)), "div", "[5]", "[4]");
    }

    @Test
    void differentDevices() {
      Tensor ref = Tensors.zeros(Shape.of(2), Device.REFERENCE);
      assertError(() -> t(2).add(ref), "add", "devices", "cpu", "reference");
    }

    @Test
    void expandToIncompatibleShape() {
      assertError(() -> t(3, 2).expand(Shape.of(3, 4)), "expand", "[3, 2]", "[3, 4]");
      assertError(() -> t(2, 3).expand(Shape.of(3)), "expand", "[2, 3]", "[3]");
    }
  }

  @Nested
  class Linalg {
    @Test
    void matmulInnerMismatch() {
      assertError(() -> t(3, 4).matmul(t(5, 2)), "matmul", "[3, 4]", "[5, 2]", "4", "5");
    }

    @Test
    void matmulNeeds2d() {
      assertError(() -> t(2, 3, 4).matmul(t(4, 2)), "matmul", "a", "[2, 3, 4]");
    }

    @Test
    void linearFeatureMismatch() {
      assertError(
          () -> Functional.linear(t(4, 8), t(5, 7), null),
          "linear",
          "features",
          "[4, 8]",
          "[5, 7]");
    }

    @Test
    void linearBiasShape() {
      assertError(() -> Functional.linear(t(4, 8), t(5, 8), t(4)), "linear", "bias", "[5]", "[4]");
    }

    @Test
    void linearInputRank() {
      assertError(() -> Functional.linear(t(8), t(5, 8), null), "linear", "input", "[8]");
    }
  }

  @Nested
  class Loss {
    @Test
    void targetOutOfRange() {
      assertError(
          () -> Functional.nllLoss(t(2, 10), new int[] {3, 10}),
          "nll_loss",
          "target",
          "10",
          "[2, 10]");
      assertError(
          () -> Functional.crossEntropy(t(2, 10), new int[] {-1, 0}), "nll_loss", "target", "-1");
    }

    @Test
    void targetLengthMismatch() {
      assertError(
          () -> Functional.nllLoss(t(3, 5), new int[] {0, 1}), "nll_loss", "target", "[3, 5]");
    }

    @Test
    void inputRank() {
      assertError(
          () -> Functional.crossEntropy(t(2, 3, 4), new int[] {0, 1}),
          "cross_entropy",
          "input",
          "[2, 3, 4]");
      assertError(() -> Functional.nllLoss(t(6), new int[] {0}), "nll_loss", "input", "[6]");
    }
  }

  @Nested
  class BatchNorm {
    private Tensor bn(Tensor x, Tensor w, Tensor b, Tensor rm, Tensor rv, boolean training) {
      return Functional.batchNorm2d(x, rm, rv, w, b, training, 0.1, 1e-5);
    }

    @Test
    void weightShape() {
      assertError(
          () -> bn(t(2, 3, 4, 4), t(4), t(3), t(3), t(3), true),
          "batch_norm2d",
          "weight",
          "[3]",
          "[4]");
    }

    @Test
    void runningStatShape() {
      assertError(
          () -> bn(t(2, 3, 4, 4), null, null, t(3), t(2), false),
          "batch_norm2d",
          "running_var",
          "[3]",
          "[2]");
    }

    @Test
    void inputRank() {
      assertError(
          () -> bn(t(2, 3), null, null, null, null, true), "batch_norm2d", "input", "[2, 3]");
    }

    @Test
    void evalNeedsRunningStats() {
      assertError(
          () -> bn(t(2, 3, 4, 4), null, null, null, null, false), "batch_norm2d", "running_mean");
    }

    @Test
    void trainingNeedsMoreThanOneValuePerChannel() {
      assertError(
          () -> bn(t(1, 3, 1, 1), null, null, null, null, true), "batch_norm2d", "[1, 3, 1, 1]");
    }
  }

  @Nested
  class Movement {
    @Test
    void reshapeInvalid() {
      assertError(() -> t(2, 3).reshape(4, 4), "reshape", "[4, 4]", "[2, 3]");
      assertError(() -> t(2, 3).reshape(-1, 4), "reshape", "[-1, 4]", "[2, 3]");
      assertError(() -> t(2, 3).reshape(-1, -1), "reshape", "-1");
      assertError(() -> t(2, 3).view(-2, 3), "reshape", "-2");
    }

    @Test
    void flattenDims() {
      assertError(() -> t(2, 3, 4).flatten(2, 1), "flatten", "[2, 3, 4]");
      assertError(() -> t(2, 3).flatten(0, 5), "[2, 3]", "5");
    }
  }

  @Nested
  class Reduce {
    @Test
    void dimOutOfRange() {
      assertError(() -> t(2, 3).sum(new int[] {2}, false), "sum", "dim 2", "[2, 3]");
      assertError(() -> t(2, 3).mean(new int[] {-3}, true), "mean", "dim -3", "[2, 3]");
    }

    @Test
    void repeatedDim() {
      assertError(() -> t(2, 3).sum(new int[] {1, -1}, false), "sum", "[2, 3]");
    }
  }

  @Nested
  class Softmax {
    @Test
    void dimOutOfRange() {
      assertError(() -> t(2, 3).softmax(2), "softmax", "dim 2", "[2, 3]");
      assertError(() -> Functional.logSoftmax(t(2, 3), -3), "log_softmax", "dim -3", "[2, 3]");
    }
  }

  @Nested
  class Pool {
    @Test
    void kernelTooLarge() {
      assertError(
          () -> Functional.maxPool2d(t(1, 1, 2, 2), 3), "max_pool2d", "kernel", "[1, 1, 2, 2]");
      assertError(
          () -> Functional.avgPool2d(t(1, 1, 3, 3), new int[] {4, 4}, null, ZERO, true),
          "avg_pool2d",
          "kernel",
          "[1, 1, 3, 3]");
    }

    @Test
    void inputRank() {
      assertError(() -> Functional.maxPool2d(t(1, 4, 4), 2), "max_pool2d", "input", "[1, 4, 4]");
      assertError(
          () -> Functional.adaptiveAvgPool2d(t(4, 4), 2, 2),
          "adaptive_avg_pool2d",
          "input",
          "[4, 4]");
    }

    @Test
    void paddingAtMostHalfTheKernel() {
      assertError(
          () -> Functional.maxPool2d(t(1, 1, 6, 6), new int[] {2, 2}, null, new int[] {2, 2}),
          "max_pool2d",
          "padding",
          "[2, 2]");
    }

    @Test
    void strideAndKernelPositive() {
      assertError(
          () -> Functional.avgPool2d(t(1, 1, 6, 6), new int[] {2, 2}, new int[] {0, 1}, ZERO, true),
          "avg_pool2d",
          "stride",
          "[0, 1]");
      assertError(() -> Functional.maxPool2d(t(1, 1, 6, 6), 0), "max_pool2d", "kernel_size");
    }

    @Test
    void adaptiveOutputSizePositive() {
      assertError(
          () -> Functional.adaptiveAvgPool2d(t(1, 1, 4, 4), 0, 2),
          "adaptive_avg_pool2d",
          "output_size",
          "0");
    }
  }

  @Nested
  class Dropout {
    @Test
    void probabilityRange() {
      assertError(() -> Functional.dropout(t(4), 1.5, true, new Generator(1)), "dropout", "1.5");
      assertError(
          () -> Functional.dropout2d(t(2, 2, 2, 2), -0.1, true, new Generator(1)),
          "dropout2d",
          "-0.1");
    }

    @Test
    void dropout2dNeedsChannels() {
      assertError(
          () -> Functional.dropout2d(t(4), 0.5, true, new Generator(1)), "dropout2d", "[4]");
    }

    @Test
    void trainingNeedsAGenerator() {
      assertError(() -> Functional.dropout(t(4), 0.5, true, null), "dropout", "Generator");
    }
  }

  @Nested
  class Creation {
    @Test
    void dataMustFillShape() {
      assertError(
          () -> Tensors.fromArray(new float[5], Shape.of(2, 3), Device.CPU),
          "fromArray",
          "5",
          "[2, 3]");
    }

    @Test
    void negativeDimension() {
      assertError(() -> Shape.of(2, -1), "shape", "[2, -1]");
    }
  }
}
