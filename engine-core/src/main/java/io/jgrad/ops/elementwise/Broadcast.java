package io.jgrad.ops.elementwise;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.util.Checks;

/**
 * The one place binary ops broadcast: both operands are expanded to the common shape with {@link
 * io.jgrad.ops.movement.ExpandOp}, whose backward sums the gradient back to each operand's shape.
 * The binary ops themselves only ever see equal shapes.
 */
final class Broadcast {
  private Broadcast() {}

  static Tensor[] operands(String op, Tensor a, Tensor b) {
    Checks.sameDevice(op, a, b);
    if (a.shape().equals(b.shape())) {
      return new Tensor[] {a, b};
    }
    Shape out = Shape.broadcast(op, a.shape(), b.shape());
    return new Tensor[] {a.expand(out), b.expand(out)};
  }
}
