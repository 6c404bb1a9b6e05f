package io.jgrad.ops.movement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.testing.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Float64 gradient checks of permute, transpose, narrow, select, slice, cat and stack, and their
 * forward results against index arithmetic written out by hand.
 */
class IndexingGradTest {
  private static Tensor iota(int... shape) {
    Shape s = Shape.of(shape);
    double[] d = new double[s.numel()];
    for (int i = 0; i < d.length; i++) {
      d[i] = i;
    }
    return Tensors.fromDoubles(d, s, Device.REFERENCE);
  }

  @Test
  void permuteAndTranspose() {
    GradCheck.of("permute(2, 0, 1)")
        .randomInput("input", new Generator(1), 2, 3, 4)
        .check(xs -> xs.get(0).permute(2, 0, 1).exp());
    GradCheck.of("transpose(-1, 1)")
        .randomInput("input", new Generator(2), 2, 3, 2, 4)
        .check(xs -> xs.get(0).transpose(-1, 1).mul(xs.get(0).transpose(1, 3)));
  }

  @Test
  void permuteMovesEveryElement() {
    Tensor x = iota(2, 3, 4);
    double[] y = x.permute(2, 0, 1).toDoubleArray();
    for (int k = 0; k < 4; k++) {
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
          assertArrayEquals(new double[] {i * 12 + j * 4 + k}, new double[] {y[k * 6 + i * 3 + j]});
        }
      }
    }
    assertArrayEquals(new int[] {4, 2, 3}, x.permute(2, 0, 1).shape().dims());
    assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, iota(2, 3).t().toDoubleArray());
  }

  @Test
  void slicing() {
    GradCheck.of("narrow(1, 1, 2)")
        .randomInput("input", new Generator(3), 3, 4, 2)
        .check(xs -> xs.get(0).narrow(1, 1, 2).exp());
    GradCheck.of("select(-1, 2)")
        .randomInput("input", new Generator(4), 3, 4)
        .check(xs -> xs.get(0).select(-1, 2).exp());
    GradCheck.of("slice(0, 1, -1, 2)")
        .randomInput("input", new Generator(5), 9, 2)
        .check(xs -> xs.get(0).slice(0, 1, -1, 2).exp());
  }

  @Test
  void slicesFollowPythonRules() {
    Tensor x = iota(10);
    assertArrayEquals(new double[] {1, 4, 7}, x.slice(0, 1, 100, 3).toDoubleArray());
    assertArrayEquals(new double[] {7, 8}, x.slice(0, -3, -1).toDoubleArray());
    assertArrayEquals(new int[] {0}, x.slice(0, 6, 2).shape().dims());
    assertArrayEquals(new double[] {8, 9}, x.narrow(0, -2, 2).toDoubleArray());
    Tensor m = iota(3, 4);
    assertArrayEquals(new double[] {1, 5, 9}, m.select(1, 1).toDoubleArray());
    assertArrayEquals(new double[] {8, 9, 10, 11}, m.select(0, -1).toDoubleArray());
  }

  @Test
  void catAndStack() {
    GradCheck.of("cat dim 1")
        .randomInput("a", new Generator(6), 2, 1, 3)
        .randomInput("b", new Generator(7), 2, 4, 3)
        .randomInput("c", new Generator(8), 2, 2, 3)
        .check(xs -> Tensors.cat(xs, 1).exp());
    GradCheck.of("cat dim -1")
        .randomInput("a", new Generator(9), 3, 2)
        .randomInput("b", new Generator(10), 3, 5)
        .check(xs -> Tensors.cat(xs, -1).exp());
    GradCheck.of("stack dim 1")
        .randomInput("a", new Generator(11), 2, 3)
        .randomInput("b", new Generator(12), 2, 3)
        .check(xs -> Tensors.stack(xs, 1).exp());
  }

  @Test
  void catLaysInputsEndToEnd() {
    Tensor a = iota(2, 2);
    Tensor b = iota(2, 1).add(10);
    assertArrayEquals(
        new double[] {0, 1, 10, 2, 3, 11}, Tensors.cat(List.of(a, b), 1).toDoubleArray());
    Tensor s = Tensors.stack(List.of(iota(2), iota(2).add(5)), 1);
    assertArrayEquals(new int[] {2, 2}, s.shape().dims());
    assertArrayEquals(new double[] {0, 5, 1, 6}, s.toDoubleArray());
  }
}
