package io.jgrad.backend.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.backend.Storage;
import io.jgrad.backend.params.Conv2dParams;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reference convolution pinned by hand-computed results and exact adjoint identities. */
class RefConvTest {
  private final RefBackend ref = new RefBackend();

  @Test
  void twoByTwoKernelOnThreeByThreeImage() {
    // x = [[1,2,3],[4,5,6],[7,8,9]], w = [[1,0],[0,-1]]: y[i][j] = x[i][j] - x[i+1][j+1] = -4
    Conv2dParams p = conv(1, 1, 3, 3, 1, 2, 2, 1, 0, 1, 1);
    double[] y = forward(p, range(9, 1), new double[] {1, 0, 0, -1}, new double[] {0.5});
    assertArrayEquals(new double[] {-3.5, -3.5, -3.5, -3.5}, y, 0);
  }

  @Test
  void strideAndPaddingSumTheClippedWindows() {
    // 3x3 ones, stride 2, padding 1 over [[1,2,3],[4,5,6],[7,8,9]]: each output sums the 2x2
    // corner block its window keeps: 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9
    Conv2dParams p = conv(1, 1, 3, 3, 1, 3, 3, 2, 1, 1, 1);
    double[] y = forward(p, range(9, 1), ones(9), null);
    assertArrayEquals(new double[] {12, 16, 24, 28}, y, 0);
  }

  @Test
  void dilationSpreadsTheTaps() {
    // x[r][c] = 5r + c on 5x5, a 2x2 kernel of ones with dilation 2 reads (i, j), (i, j+2),
    // (i+2, j), (i+2, j+2): y[i][j] = 20i + 4j + 24
    Conv2dParams p = conv(1, 1, 5, 5, 1, 2, 2, 1, 0, 2, 1);
    double[] y = forward(p, range(25, 0), ones(4), null);
    double[] expected = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        expected[i * 3 + j] = 20 * i + 4 * j + 24;
      }
    }
    assertArrayEquals(expected, y, 0);
  }

  @Test
  void groupsKeepChannelsApart() {
    // two channels, two groups, 1x1 weights 2 and 3: each output channel scales its own input
    Conv2dParams p = conv(1, 2, 2, 1, 2, 1, 1, 1, 0, 1, 2);
    double[] y = forward(p, new double[] {1, 2, 10, 20}, new double[] {2, 3}, null);
    assertArrayEquals(new double[] {2, 4, 30, 60}, y, 0);
  }

  @Test
  void backwardOfTheTwoByTwoExampleByHand() {
    Conv2dParams p = conv(1, 1, 3, 3, 1, 2, 2, 1, 0, 1, 1);
    Storage g = ref.wrap(ones(4));
    // dw[ky][kx] = sum of the 2x2 window of x starting at (ky, kx)
    double[] gw = RefStorage.data(ref.conv().backwardWeight(g, ref.wrap(range(9, 1)), p));
    assertArrayEquals(new double[] {12, 16, 24, 28}, gw, 0);
    // dx = (windows in which the pixel is tap (0,0)) - (windows in which it is tap (1,1))
    double[] gx =
        RefStorage.data(ref.conv().backwardData(g, ref.wrap(new double[] {1, 0, 0, -1}), p));
    assertArrayEquals(new double[] {1, 1, 0, 1, 0, -1, 0, -1, -1}, gx, 0);
    assertArrayEquals(new double[] {4}, RefStorage.data(ref.conv().backwardBias(g, p)), 0);
  }

  @Test
  void backwardKernelsAreTheAdjointsOfForward() {
    // conv is bilinear: <conv(x, w), g> = <x, dx(g, w)> = <w, dw(g, x)>, exactly up to rounding
    Random rnd = new Random(17);
    Conv2dParams[] cases = {
      conv(2, 4, 7, 6, 6, 3, 2, 2, 1, 2, 2),
      conv(3, 3, 9, 5, 6, 2, 3, 1, 2, 1, 3),
      conv(1, 5, 6, 8, 2, 1, 1, 3, 2, 1, 1),
      new Conv2dParams(2, 2, 5, 8, 4, 3, 2, 1, 3, 0, 2, 2, 1, 2)
    };
    for (Conv2dParams p : cases) {
      double[] x = random(rnd, p.inputSize());
      double[] w = random(rnd, p.weightSize());
      double[] g = random(rnd, p.outputSize());
      double[] y = forward(p, x, w, null);
      double[] gx = RefStorage.data(ref.conv().backwardData(ref.wrap(g), ref.wrap(w), p));
      double[] gw = RefStorage.data(ref.conv().backwardWeight(ref.wrap(g), ref.wrap(x), p));
      double lhs = dot(y, g);
      assertEquals(lhs, dot(x, gx), 1e-10 * (1 + Math.abs(lhs)), "dx adjoint " + p);
      assertEquals(lhs, dot(w, gw), 1e-10 * (1 + Math.abs(lhs)), "dw adjoint " + p);
    }
  }

  @Test
  void rejectsAKernelThatDoesNotFit() {
    Conv2dParams p = conv(1, 1, 2, 2, 1, 3, 3, 3, 0, 1, 1);
    assertThrows(
        IllegalArgumentException.class,
        () -> ref.conv().forward(ref.wrap(new double[4]), ref.wrap(new double[9]), null, p));
  }

  private double[] forward(Conv2dParams p, double[] x, double[] w, double[] b) {
    Storage bias = b == null ? null : ref.wrap(b);
    return RefStorage.data(ref.conv().forward(ref.wrap(x), ref.wrap(w), bias, p));
  }

  /** Square-kernel, square-stride shorthand: (n, cin, h, w, cout, kh, kw, stride, pad, dil, g). */
  private static Conv2dParams conv(
      int n, int cin, int h, int w, int cout, int kh, int kw, int s, int pad, int d, int g) {
    return new Conv2dParams(n, cin, h, w, cout, kh, kw, s, s, pad, pad, d, d, g);
  }

  private static double[] range(int n, int from) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = from + i;
    }
    return a;
  }

  private static double[] ones(int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, 1);
    return a;
  }

  private static double[] random(Random rnd, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextGaussian();
    }
    return a;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
