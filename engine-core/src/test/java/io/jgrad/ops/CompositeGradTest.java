package io.jgrad.ops;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensors;
import io.jgrad.functional.Functional;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * A float64 gradient check through a whole small CNN (conv, batch norm, relu, max pool, flatten,
 * linear, cross-entropy), proving that the ops compose: each op's input gradient is the next op's
 * upstream gradient.
 */
class CompositeGradTest {
  @Test
  void smallCnnEndToEnd() {
    Generator gen = new Generator(42);
    int[] targets = {1, 3};
    GradCheck.of("conv-bn-relu-pool-linear-cross_entropy")
        .randomInput("input", gen, 2, 1, 6, 6)
        .randomInput("conv.weight", gen, 3, 1, 3, 3)
        .randomInput("bn.weight", gen, 3)
        .randomInput("bn.bias", gen, 3)
        .randomInput("fc.weight", gen, 4, 12)
        .randomInput("fc.bias", gen, 4)
        .check(
            xs -> {
              var h = Functional.conv2d(xs.get(0), xs.get(1), null, 1, 0);
              h =
                  Functional.batchNorm2d(
                      h,
                      Tensors.zeros(Shape.of(3), Device.REFERENCE),
                      Tensors.ones(Shape.of(3), Device.REFERENCE),
                      xs.get(2),
                      xs.get(3),
                      true,
                      0.1,
                      1e-5);
              h = Functional.maxPool2d(Functional.relu(h), 2);
              h = Functional.linear(h.flatten(1, -1), xs.get(4), xs.get(5));
              return Functional.crossEntropy(h, targets);
            });
  }
}
