package io.jgrad.ops.pool;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.functional.Functional;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * Float64 gradient checks of max, average and adaptive average pooling. Max pooling gets
 * pairwise-distinct inputs (gaps of 0.05, far above the step), so no window has a tie.
 */
class PoolGradTest {
  private static GradCheck distinct(String op, long seed, int... shape) {
    Shape s = Shape.of(shape);
    return GradCheck.of(op)
        .input("input", s, GradCheck.distinct(new Generator(seed), s.numel(), 0.05));
  }

  @Test
  void maxPoolKernel2Stride2() {
    distinct("max_pool2d k2 s2", 1, 2, 2, 4, 4).check(xs -> Functional.maxPool2d(xs.get(0), 2));
  }

  @Test
  void maxPoolOddInputOverlappingWindows() {
    distinct("max_pool2d k3 s1 odd input", 2, 1, 2, 5, 5)
        .check(
            xs ->
                Functional.maxPool2d(
                    xs.get(0), new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 0}));
  }

  @Test
  void maxPoolPadding() {
    distinct("max_pool2d k3 s2 p1", 3, 1, 2, 7, 7)
        .check(
            xs ->
                Functional.maxPool2d(
                    xs.get(0), new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}));
  }

  @Test
  void maxPoolNonSquare() {
    distinct("max_pool2d k[2,3] s[2,2] p[0,1]", 4, 1, 2, 6, 7)
        .check(
            xs ->
                Functional.maxPool2d(
                    xs.get(0), new int[] {2, 3}, new int[] {2, 2}, new int[] {0, 1}));
  }

  @Test
  void maxPoolLargeFastMode() {
    distinct("max_pool2d large", 5, 2, 4, 10, 10).check(xs -> Functional.maxPool2d(xs.get(0), 2));
  }

  @Test
  void avgPoolNoPadding() {
    GradCheck.of("avg_pool2d k2 s2")
        .randomInput("input", new Generator(6), 2, 2, 4, 4)
        .check(
            xs ->
                Functional.avgPool2d(
                    xs.get(0), new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, true));
  }

  @Test
  void avgPoolPaddingCountIncludePad() {
    GradCheck.of("avg_pool2d k3 s2 p1 count_include_pad")
        .randomInput("input", new Generator(7), 1, 2, 7, 7)
        .check(
            xs ->
                Functional.avgPool2d(
                    xs.get(0), new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, true));
  }

  @Test
  void avgPoolPaddingExcludePad() {
    GradCheck.of("avg_pool2d k3 s1 p1 exclude pad")
        .randomInput("input", new Generator(8), 1, 2, 5, 5)
        .check(
            xs ->
                Functional.avgPool2d(
                    xs.get(0), new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, false));
  }

  @Test
  void avgPoolNonSquareStrideDefault() {
    GradCheck.of("avg_pool2d k[2,3] stride=kernel p[1,1] exclude pad")
        .randomInput("input", new Generator(9), 1, 2, 6, 7)
        .check(
            xs -> Functional.avgPool2d(xs.get(0), new int[] {2, 3}, null, new int[] {1, 1}, false));
  }

  @Test
  void adaptiveAvgPoolOverlappingBins() {
    // H=5 to 2 bins: rows 0..2 and 2..4 share row 2; W=7 to 3 bins: cols 0..2, 2..4, 4..6.
    GradCheck.of("adaptive_avg_pool2d 5x7 -> 2x3")
        .randomInput("input", new Generator(10), 2, 2, 5, 7)
        .check(xs -> Functional.adaptiveAvgPool2d(xs.get(0), 2, 3));
    GradCheck.of("adaptive_avg_pool2d 7x7 -> 3x3")
        .randomInput("input", new Generator(11), 1, 2, 7, 7)
        .check(xs -> Functional.adaptiveAvgPool2d(xs.get(0), 3, 3));
  }

  @Test
  void adaptiveAvgPoolUpsamplingAndGlobal() {
    GradCheck.of("adaptive_avg_pool2d 3x3 -> 4x5")
        .randomInput("input", new Generator(12), 1, 2, 3, 3)
        .check(xs -> Functional.adaptiveAvgPool2d(xs.get(0), 4, 5));
    GradCheck.of("global_avg_pool2d")
        .randomInput("input", new Generator(13), 2, 3, 4, 5)
        .check(xs -> Functional.globalAvgPool2d(xs.get(0)));
  }
}
