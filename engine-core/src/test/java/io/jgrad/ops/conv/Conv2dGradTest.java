package io.jgrad.ops.conv;

import io.jgrad.Generator;
import io.jgrad.functional.Functional;
import io.jgrad.testing.GradCheck;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Float64 gradient checks of conv2d for input, weight and bias separately, over stride, padding,
 * dilation, groups (including depthwise), bias on/off and non-square inputs and kernels.
 */
class Conv2dGradTest {

  /** A convolution configuration. */
  record Config(
      String name,
      int[] input,
      int[] weight,
      boolean bias,
      int[] stride,
      int[] padding,
      int[] dilation,
      int groups) {
    @Override
    public String toString() {
      return name + " input " + Arrays.toString(input) + " weight " + Arrays.toString(weight);
    }
  }

  static Stream<Arguments> configs() {
    return Stream.of(
            new Config(
                "3x3 plain",
                new int[] {2, 2, 5, 5},
                new int[] {3, 2, 3, 3},
                false,
                new int[] {1, 1},
                new int[] {0, 0},
                new int[] {1, 1},
                1),
            new Config(
                "3x3 pad1 bias",
                new int[] {1, 3, 5, 5},
                new int[] {2, 3, 3, 3},
                true,
                new int[] {1, 1},
                new int[] {1, 1},
                new int[] {1, 1},
                1),
            new Config(
                "stride2 pad1",
                new int[] {2, 2, 7, 7},
                new int[] {3, 2, 3, 3},
                true,
                new int[] {2, 2},
                new int[] {1, 1},
                new int[] {1, 1},
                1),
            new Config(
                "stride2 nopad even",
                new int[] {1, 2, 8, 8},
                new int[] {2, 2, 3, 3},
                false,
                new int[] {2, 2},
                new int[] {0, 0},
                new int[] {1, 1},
                1),
            new Config(
                "dilation2",
                new int[] {1, 2, 7, 7},
                new int[] {2, 2, 3, 3},
                true,
                new int[] {1, 1},
                new int[] {0, 0},
                new int[] {2, 2},
                1),
            new Config(
                "stride2 dil2 pad2",
                new int[] {1, 2, 8, 8},
                new int[] {2, 2, 3, 3},
                true,
                new int[] {2, 2},
                new int[] {2, 2},
                new int[] {2, 2},
                1),
            new Config(
                "groups2",
                new int[] {1, 4, 5, 5},
                new int[] {6, 2, 3, 3},
                true,
                new int[] {1, 1},
                new int[] {1, 1},
                new int[] {1, 1},
                2),
            new Config(
                "depthwise",
                new int[] {2, 3, 5, 5},
                new int[] {3, 1, 3, 3},
                true,
                new int[] {1, 1},
                new int[] {1, 1},
                new int[] {1, 1},
                3),
            new Config(
                "depthwise multiplier 2",
                new int[] {1, 2, 5, 5},
                new int[] {4, 1, 3, 3},
                false,
                new int[] {1, 1},
                new int[] {0, 0},
                new int[] {1, 1},
                2),
            new Config(
                "non-square input",
                new int[] {1, 2, 4, 7},
                new int[] {2, 2, 3, 3},
                true,
                new int[] {1, 1},
                new int[] {1, 1},
                new int[] {1, 1},
                1),
            new Config(
                "3x5 kernel stride [2,1] pad [1,2]",
                new int[] {1, 2, 7, 6},
                new int[] {2, 2, 3, 5},
                true,
                new int[] {2, 1},
                new int[] {1, 2},
                new int[] {1, 1},
                1),
            new Config(
                "1x1",
                new int[] {2, 3, 4, 4},
                new int[] {4, 3, 1, 1},
                true,
                new int[] {1, 1},
                new int[] {0, 0},
                new int[] {1, 1},
                1),
            new Config(
                "kernel covers input (head)",
                new int[] {2, 3, 3, 3},
                new int[] {4, 3, 3, 3},
                false,
                new int[] {1, 1},
                new int[] {0, 0},
                new int[] {1, 1},
                1),
            new Config(
                "large: fast mode",
                new int[] {2, 4, 9, 9},
                new int[] {6, 4, 3, 3},
                true,
                new int[] {1, 1},
                new int[] {1, 1},
                new int[] {1, 1},
                1))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void conv2d(Config c) {
    Generator gen = new Generator(c.name().hashCode());
    GradCheck check =
        GradCheck.of("conv2d " + c)
            .randomInput("input", gen, c.input())
            .randomInput("weight", gen, c.weight());
    if (c.bias()) {
      check.randomInput("bias", gen, c.weight()[0]);
    }
    check.check(
        xs ->
            Functional.conv2d(
                xs.get(0),
                xs.get(1),
                c.bias() ? xs.get(2) : null,
                c.stride(),
                c.padding(),
                c.dilation(),
                c.groups()));
  }
}
