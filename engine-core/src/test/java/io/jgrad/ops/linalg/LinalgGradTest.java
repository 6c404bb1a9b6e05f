package io.jgrad.ops.linalg;

import io.jgrad.Generator;
import io.jgrad.functional.Functional;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

/** Float64 gradient checks of matmul and linear. */
class LinalgGradTest {
  @Test
  void matmul() {
    Generator gen = new Generator(1);
    GradCheck.of("matmul [3,4]x[4,5]")
        .randomInput("a", gen, 3, 4)
        .randomInput("b", gen, 4, 5)
        .check(xs -> xs.get(0).matmul(xs.get(1)));
    GradCheck.of("matmul [1,7]x[7,2]")
        .randomInput("a", gen, 1, 7)
        .randomInput("b", gen, 7, 2)
        .check(xs -> xs.get(0).matmul(xs.get(1)));
  }

  @Test
  void matmulLargeFastMode() {
    Generator gen = new Generator(2);
    GradCheck.of("matmul [24,32]x[32,20]")
        .randomInput("a", gen, 24, 32)
        .randomInput("b", gen, 32, 20)
        .check(xs -> xs.get(0).matmul(xs.get(1)));
  }

  @Test
  void linearWithBias() {
    Generator gen = new Generator(3);
    GradCheck.of("linear with bias")
        .randomInput("input", gen, 4, 8)
        .randomInput("weight", gen, 5, 8)
        .randomInput("bias", gen, 5)
        .check(xs -> Functional.linear(xs.get(0), xs.get(1), xs.get(2)));
  }

  @Test
  void linearWithoutBias() {
    Generator gen = new Generator(4);
    GradCheck.of("linear without bias")
        .randomInput("input", gen, 3, 6)
        .randomInput("weight", gen, 4, 6)
        .check(xs -> Functional.linear(xs.get(0), xs.get(1), null));
  }

  @Test
  void linearLargeFastMode() {
    Generator gen = new Generator(5);
    GradCheck.of("linear 90 -> 10")
        .randomInput("input", gen, 6, 90)
        .randomInput("weight", gen, 10, 90)
        .randomInput("bias", gen, 10)
        .check(xs -> Functional.linear(xs.get(0), xs.get(1), xs.get(2)));
  }
}
