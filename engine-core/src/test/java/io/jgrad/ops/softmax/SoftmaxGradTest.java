package io.jgrad.ops.softmax;

import io.jgrad.Generator;
import io.jgrad.functional.Functional;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Float64 gradient checks of softmax and log_softmax along every dim of a 3-d input. */
class SoftmaxGradTest {
  @ParameterizedTest(name = "dim {0}")
  @ValueSource(ints = {0, 1, 2, -1})
  void softmax(int dim) {
    GradCheck.of("softmax dim " + dim)
        .randomInput("input", new Generator(1), 2, 3, 4)
        .check(xs -> xs.get(0).softmax(dim));
  }

  @ParameterizedTest(name = "dim {0}")
  @ValueSource(ints = {0, 1, 2, -1})
  void logSoftmax(int dim) {
    GradCheck.of("log_softmax dim " + dim)
        .randomInput("input", new Generator(2), 2, 3, 4)
        .check(xs -> xs.get(0).logSoftmax(dim));
  }

  @ParameterizedTest(name = "dim {0}")
  @ValueSource(ints = {1})
  void functionalLargeLogits(int dim) {
    GradCheck.of("log_softmax of logits near 100")
        .randomInput("input", new Generator(3), 3, 5)
        .check(xs -> Functional.logSoftmax(xs.get(0).mul(10.0).add(100.0), dim));
    GradCheck.of("softmax 4d dim 1")
        .randomInput("input", new Generator(4), 2, 3, 2, 2)
        .check(xs -> Functional.softmax(xs.get(0), dim));
  }
}
