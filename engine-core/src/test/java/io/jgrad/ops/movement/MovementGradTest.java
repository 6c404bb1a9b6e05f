package io.jgrad.ops.movement;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * Float64 gradient checks of reshape, view, flatten and expand. Each is followed by a
 * multiplication with a fixed tensor so that the upstream gradient's layout matters.
 */
class MovementGradTest {
  private static double[] weights(int n) {
    return GradCheck.randn(new Generator(99), n);
  }

  @Test
  void reshape() {
    GradCheck.of("reshape [2,3,4] -> [6,4]")
        .randomInput("input", new Generator(1), 2, 3, 4)
        .check(xs -> xs.get(0).reshape(6, 4).mul(xs.get(0).reshape(6, 4)));
    GradCheck.of("reshape with -1")
        .randomInput("input", new Generator(2), 4, 10, 1, 1)
        .check(xs -> xs.get(0).reshape(-1, 10).exp());
  }

  @Test
  void view() {
    GradCheck.of("view [3,4] -> [4,3]")
        .randomInput("input", new Generator(3), 3, 4)
        .check(xs -> xs.get(0).view(4, 3).sum(new int[] {1}, false));
  }

  @Test
  void flatten() {
    GradCheck.of("flatten(1, -1)")
        .randomInput("input", new Generator(4), 2, 3, 4, 4)
        .check(xs -> xs.get(0).flatten(1, -1).exp());
    GradCheck.of("flatten(0, 1)")
        .randomInput("input", new Generator(5), 2, 3, 4)
        .check(xs -> xs.get(0).flatten(0, 1).sum(new int[] {0}, false));
  }

  @Test
  void expand() {
    Shape target = Shape.of(2, 3, 4);
    io.jgrad.Tensor w =
        io.jgrad.Tensors.fromDoubles(weights(24), target, io.jgrad.Device.REFERENCE);
    GradCheck.of("expand [3,1] -> [2,3,4]")
        .randomInput("input", new Generator(6), 3, 1)
        .check(xs -> xs.get(0).expand(target).mul(w));
    GradCheck.of("expand [4] -> [2,3,4]")
        .randomInput("input", new Generator(7), 4)
        .check(xs -> xs.get(0).expand(target).mul(w));
    GradCheck.of("expand [] -> [2,3,4]")
        .randomInput("input", new Generator(8))
        .check(xs -> xs.get(0).expand(target).mul(w));
  }
}
