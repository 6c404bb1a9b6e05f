package io.jgrad.ops.activation;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.functional.Functional;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

/** Float64 gradient check of relu, with inputs kept away from the kink at 0. */
class ReluGradTest {
  @Test
  void reluTensorMethod() {
    Generator gen = new Generator(1);
    GradCheck.of("relu")
        .input("x", Shape.of(4, 10), GradCheck.awayFromZero(gen, 40, 0.05))
        .check(xs -> xs.get(0).relu());
  }

  @Test
  void reluFunctional4d() {
    Generator gen = new Generator(2);
    GradCheck.of("relu 4d")
        .input("x", Shape.of(2, 3, 4, 4), GradCheck.awayFromZero(gen, 96, 0.05))
        .check(xs -> Functional.relu(xs.get(0)));
  }

  @Test
  void reluLargeInputFastMode() {
    Generator gen = new Generator(3);
    GradCheck.of("relu large")
        .input("x", Shape.of(8, 100), GradCheck.awayFromZero(gen, 800, 0.05))
        .check(xs -> xs.get(0).relu().mul(xs.get(0)));
  }
}
