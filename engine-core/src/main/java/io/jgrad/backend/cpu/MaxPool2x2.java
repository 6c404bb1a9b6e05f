package io.jgrad.backend.cpu;

import io.jgrad.backend.params.Pool2dParams;

/**
 * Max pooling with a 2x2 window, stride 2 and no padding (the pooling of most small CNNs), without
 * data-dependent branches: on real activations the argmax of a window is a coin toss, and a
 * mispredicted branch per window costs several times the arithmetic.
 *
 * <p>Forward: the maximum of rows 2i and 2i+1 element by element (a vectorized sweep), then of each
 * horizontal pair. {@code Math.max} propagates NaN, so a window with a NaN gives NaN, as in
 * PyTorch; the only difference from PyTorch's first-maximum scan is the sign of a zero maximum when
 * the window holds both -0 and +0.
 *
 * <p>Backward: the gradient goes to the first element (row-major) equal to the window's output, or
 * to the last NaN when the output is NaN, which is the element PyTorch's scan ({@code v > max ||
 * isnan(v)}) ends on. Every input element is written (0 where no gradient lands), so the result
 * buffer needs no zero-filling.
 *
 * <p>These are the plain-Java kernels ({@link PlainOps}) and the scalar windows of the Vector API
 * ones ({@code PanamaPool}), which give the same bits.
 */
final class MaxPool2x2 {
  private MaxPool2x2() {}

  /** Whether {@code p} is a 2x2, stride 2, unpadded window. */
  static boolean applies(Pool2dParams p) {
    return p.kernelH() == 2
        && p.kernelW() == 2
        && p.strideH() == 2
        && p.strideW() == 2
        && p.padH() == 0
        && p.padW() == 0;
  }

  /** Planes [from, to) of the forward pass; {@code row} is scratch of at least inW floats. */
  static void forward(float[] x, float[] y, Pool2dParams p, int from, int to, float[] row) {
    int inH = p.inH();
    int inW = p.inW();
    int outH = p.outH();
    int outW = p.outW();
    for (int plane = from; plane < to; plane++) {
      int in = plane * inH * inW;
      int o = plane * outH * outW;
      for (int i = 0; i < outH; i++, o += outW) {
        int r0 = in + 2 * i * inW;
        int r1 = r0 + inW;
        int w2 = 2 * outW;
        for (int j = 0; j < w2; j++) {
          row[j] = Math.max(x[r0 + j], x[r1 + j]);
        }
        for (int j = 0; j < outW; j++) {
          y[o + j] = Math.max(row[2 * j], row[2 * j + 1]);
        }
      }
    }
  }

  /** Planes [from, to) of the backward pass into {@code dx}, every element written. */
  static void backward(
      float[] x, float[] y, float[] g, float[] dx, Pool2dParams p, int from, int to) {
    int inH = p.inH();
    int inW = p.inW();
    int outH = p.outH();
    int outW = p.outW();
    for (int plane = from; plane < to; plane++) {
      int in = plane * inH * inW;
      int o = plane * outH * outW;
      for (int i = 0; i < outH; i++, o += outW) {
        int r0 = in + 2 * i * inW;
        backwardWindows(x, y, g, dx, r0, r0 + inW, o, 0, outW);
      }
      zeroUncovered(dx, in, p);
    }
  }

  /**
   * Windows [j0, j1) of one output row at {@code o} (input rows at {@code r0} and {@code r1}): the
   * gradient to the first element (row-major) equal to the maximum, 0 to the other three.
   */
  static void backwardWindows(
      float[] x, float[] y, float[] g, float[] dx, int r0, int r1, int o, int j0, int j1) {
    for (int j = j0; j < j1; j++) {
      int a = r0 + 2 * j;
      int c = r1 + 2 * j;
      float m = y[o + j];
      int gb = Float.floatToRawIntBits(g[o + j]);
      if (m != m) {
        nanWindow(x, dx, a, c, g[o + j]);
        continue;
      }
      // one-hot masks of the first element equal to the maximum
      int ea = x[a] == m ? -1 : 0;
      int eb = (x[a + 1] == m ? -1 : 0) & ~ea;
      int ec = (x[c] == m ? -1 : 0) & ~(ea | eb);
      int ed = ~(ea | eb | ec);
      dx[a] = Float.intBitsToFloat(gb & ea);
      dx[a + 1] = Float.intBitsToFloat(gb & eb);
      dx[c] = Float.intBitsToFloat(gb & ec);
      dx[c + 1] = Float.intBitsToFloat(gb & ed);
    }
  }

  /**
   * Zeros the input elements of the plane at {@code in} that no window covers: the last column when
   * the width is odd, the last row when the height is.
   */
  static void zeroUncovered(float[] dx, int in, Pool2dParams p) {
    int inH = p.inH();
    int inW = p.inW();
    int outH = p.outH();
    int outW = p.outW();
    if (2 * outW < inW) {
      for (int r = 0; r < 2 * outH; r++) {
        for (int w = 2 * outW; w < inW; w++) {
          dx[in + r * inW + w] = 0f;
        }
      }
    }
    for (int w = 2 * outH * inW; w < inH * inW; w++) {
      dx[in + w] = 0f;
    }
  }

  /**
   * Windows [j0, j1) of one output row, forward: the same maxima, in the same order, as {@link
   * #forward}'s two sweeps.
   */
  static void forwardWindows(float[] x, float[] y, int r0, int r1, int o, int j0, int j1) {
    for (int j = j0; j < j1; j++) {
      int a = r0 + 2 * j;
      int c = r1 + 2 * j;
      y[o + j] = Math.max(Math.max(x[a], x[c]), Math.max(x[a + 1], x[c + 1]));
    }
  }

  /** A window whose maximum is NaN: the last NaN in row-major order takes the gradient. */
  private static void nanWindow(float[] x, float[] dx, int a, int c, float grad) {
    int[] at = {a, a + 1, c, c + 1};
    int last = a;
    for (int k : at) {
      if (x[k] != x[k]) {
        last = k;
      }
      dx[k] = 0f;
    }
    dx[last] = grad;
  }
}
