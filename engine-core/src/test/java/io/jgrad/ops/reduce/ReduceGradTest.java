package io.jgrad.ops.reduce;

import io.jgrad.Generator;
import io.jgrad.testing.GradCheck;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Float64 gradient checks of sum and mean over all dims, some dims, with and without keepdim. */
class ReduceGradTest {

  /** (shape, dims or null for all, keepdim). */
  static Stream<Arguments> reductions() {
    return Stream.of(
        Arguments.of(new int[] {3, 4, 5}, null, false),
        Arguments.of(new int[] {5, 6}, new int[] {0}, false),
        Arguments.of(new int[] {2, 3, 4}, new int[] {1}, false),
        Arguments.of(new int[] {2, 3, 4}, new int[] {-1}, true),
        Arguments.of(new int[] {2, 3, 4, 4}, new int[] {2, 3}, true),
        Arguments.of(new int[] {2, 3, 4, 4}, new int[] {0, 2, 3}, false),
        Arguments.of(new int[] {2, 3, 4}, new int[] {0, 1, 2}, true),
        Arguments.of(new int[] {4, 10, 10, 10}, null, false));
  }

  private static String name(String op, int[] shape, int[] dims, boolean keep) {
    return op
        + " "
        + Arrays.toString(shape)
        + " dims "
        + Arrays.toString(dims)
        + " keepdim "
        + keep;
  }

  @ParameterizedTest
  @MethodSource("reductions")
  void sum(int[] shape, int[] dims, boolean keep) {
    GradCheck.of(name("sum", shape, dims, keep))
        .randomInput("input", new Generator(1), shape)
        .check(xs -> dims == null ? xs.get(0).sum() : xs.get(0).sum(dims, keep));
  }

  @ParameterizedTest
  @MethodSource("reductions")
  void mean(int[] shape, int[] dims, boolean keep) {
    GradCheck.of(name("mean", shape, dims, keep))
        .randomInput("input", new Generator(2), shape)
        .check(xs -> dims == null ? xs.get(0).mean() : xs.get(0).mean(dims, keep));
  }
}
