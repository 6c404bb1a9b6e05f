package io.jgrad.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad arguments to the movement, slicing, max and pointwise ops name the op, the argument and the
 * shapes or values involved.
 */
class TensorOpsArgumentErrorTest {
  private static Tensor t(int... shape) {
    return Tensors.zeros(Shape.of(shape), Device.CPU);
  }

  private static void assertError(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    String msg = e.getMessage();
    for (String f : fragments) {
      assertTrue(msg != null && msg.contains(f), "message lacks '" + f + "': " + msg);
    }
  }

  @Test
  void permuteAndTranspose() {
    assertError(() -> t(2, 3).permute(0), "permute", "[0]", "[2, 3]", "2 dims");
    assertError(() -> t(2, 3).permute(1, 1), "permute", "repeats", "[1, 1]");
    assertError(() -> t(2, 3).permute(0, 2), "permute", "dim 2", "[2, 3]");
    assertError(() -> t(2, 3).transpose(0, -3), "transpose", "dim -3", "[2, 3]");
    assertError(() -> t(2, 3, 4).t(), "t", "2-D", "[2, 3, 4]");
  }

  @Test
  void slicing() {
    assertError(() -> t(2, 5).narrow(1, 3, 3), "narrow", "start 3", "length 3", "size 5", "[2, 5]");
    assertError(() -> t(2, 5).narrow(2, 0, 1), "narrow", "dim 2", "[2, 5]");
    assertError(() -> t(2, 5).select(0, 2), "select", "index 2", "size 2", "[2, 5]");
    assertError(() -> t(2, 5).slice(1, 0, 5, 0), "slice", "step", "0", "[2, 5]");
    assertError(() -> Tensors.scalar(1).select(0, 0), "select", "0-d");
  }

  @Test
  void catAndStack() {
    assertError(
        () -> Tensors.cat(List.of(t(2, 3), t(3, 3)), 1), "cat", "tensor 1", "[3, 3]", "[2, 3]");
    assertError(() -> Tensors.cat(List.of(t(2, 3), t(2, 3, 1)), 0), "cat", "[2, 3, 1]");
    assertError(() -> Tensors.cat(List.of(), 0), "cat", "non-empty");
    assertError(() -> Tensors.cat(List.of(t(2)), 1), "cat", "dim 1", "[2]");
    assertError(() -> Tensors.stack(List.of(t(2, 3), t(2, 4)), 0), "stack", "[2, 4]", "[2, 3]");
    assertError(() -> Tensors.stack(List.of(t(2, 3)), 3), "stack", "dim 3", "[2, 3]");
    assertError(
        () -> Tensors.cat(List.of(t(2), Tensors.zeros(Shape.of(2), Device.REFERENCE)), 0), "cat");
  }

  @Test
  void maxOverADim() {
    assertError(() -> t(2, 3).max(2, false), "max", "dim 2", "[2, 3]");
    assertError(() -> t(2, 0).max(1, false), "max", "empty", "[2, 0]");
    assertError(() -> t(2, 3).argmax(-3, false), "argmax", "dim -3", "[2, 3]");
    assertError(() -> Tensors.scalar(1).min(0, false), "min", "0-d");
  }

  @Test
  void pointwise() {
    assertError(() -> t(2).clamp(1, 0), "clamp", "min 1.0", "max 0.0");
    assertError(() -> t(2).clamp(Double.NaN, 1), "clamp", "NaN");
    assertError(() -> t(2).gelu("fast"), "gelu", "approximate", "fast");
    assertError(() -> t(2).pow(Double.NaN), "pow", "NaN");
    assertError(() -> t(2, 3).pow(t(2)), "pow", "[2, 3]", "[2]");
    assertError(() -> t(2).leakyRelu(Double.POSITIVE_INFINITY), "leaky_relu", "negative_slope");
    assertError(() -> t(2, 3).gt(t(4)), "gt", "[2, 3]", "[4]");
    assertError(() -> Tensors.where(t(3), t(2, 3), t(4)), "where", "[4]");
    assertError(() -> t(2).unsqueeze(3), "unsqueeze", "dim 3", "[2]");
  }
}
