package io.jgrad.ops.norm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.ActivationRelease;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.cpu.Parallel;
import io.jgrad.functional.Functional;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * On the CPU backend, {@code batchNorm2dRelu} gives exactly what {@code relu(batchNorm2d(...))}
 * gives: output, running statistics and every gradient equal bit for bit, in training and
 * evaluation mode, with and without activation release; and both give the same bits on one, two and
 * three threads.
 */
class BatchNorm2dReluBitIdentityTest {
  /** The thread counts compared; the first is the baseline. */
  private static final int[] THREADS = {1, 2, 3};

  /** What one forward + backward leaves behind. */
  private record Result(float[] y, float[] rm, float[] rv, float[] gx, float[] gw, float[] gb) {}

  @Test
  void randomShapesBothModesEveryThreadCount() {
    Random rnd = new Random(31);
    int before = Parallel.threads();
    try {
      for (int i = 0; i < 12; i++) {
        int[] shape = {2 + rnd.nextInt(7), 1 + rnd.nextInt(12), 1 + rnd.nextInt(20), 2};
        boolean training = rnd.nextBoolean();
        boolean affine = rnd.nextBoolean();
        long seed = rnd.nextLong();
        assertSameForEveryThreadCount(
            shapeText(shape, training, affine), shape, training, affine, false, seed);
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void mnistLayerShapeWithActivationRelease() {
    int[] shape = {128, 10, 26, 26};
    int before = Parallel.threads();
    try {
      for (boolean training : new boolean[] {true, false}) {
        String what = shapeText(shape, training, true) + ", activation release";
        assertSameForEveryThreadCount(what, shape, training, true, true, 7);
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  /**
   * Runs the unfused and the fused version on 1, 2 and 3 threads: all six give the bits of the
   * unfused version on one thread.
   */
  private static void assertSameForEveryThreadCount(
      String what, int[] shape, boolean training, boolean affine, boolean release, long seed) {
    Result want = null;
    for (int threads : THREADS) {
      Parallel.setThreads(threads);
      Result unfused = run(false, shape, training, affine, release, seed);
      Result fused = run(true, shape, training, affine, release, seed);
      if (want == null) {
        want = unfused;
      }
      assertSame(what + ", unfused on " + threads + " threads vs 1", want, unfused);
      assertSame(what + ", fused on " + threads + " threads vs unfused on 1", want, fused);
    }
  }

  @Test
  void parameterGradientsAloneWhenTheInputNeedsNone() {
    int[] shape = {5, 3, 6, 7};
    Result unfused = run(false, shape, true, true, false, 8, false);
    Result fused = run(true, shape, true, true, false, 8, false);
    assertNull(fused.gx());
    assertSame("input without grad", unfused, fused);
  }

  @Test
  void fusedNodeIsOneOp() {
    Tensor x = Tensors.ones(Shape.of(2, 1, 1, 2), Device.CPU).requiresGrad(true);
    Tensor y = Functional.batchNorm2dRelu(x, null, null, null, null, true, 0.1, 1e-5);
    assertEquals("BatchNorm2dRelu", y.gradFn().name());
  }

  private static Result run(
      boolean fused, int[] shape, boolean training, boolean affine, boolean release, long seed) {
    return run(fused, shape, training, affine, release, seed, true);
  }

  private static Result run(
      boolean fused,
      int[] shape,
      boolean training,
      boolean affine,
      boolean release,
      long seed,
      boolean inputGrad) {
    Random rnd = new Random(seed);
    int c = shape[1];
    Shape s = Shape.of(shape);
    Tensor x = Tensors.fromArray(values(rnd, s.numel(), 0.5, 2), s, Device.CPU);
    x.requiresGrad(inputGrad);
    Tensor g = Tensors.fromArray(values(rnd, s.numel(), 0, 1), s, Device.CPU);
    Tensor w = affine ? param(values(rnd, c, 0.2, 1), c) : null;
    Tensor b = affine ? param(values(rnd, c, 0, 1), c) : null;
    Tensor rm = Tensors.fromArray(values(rnd, c, 0, 1), Shape.of(c), Device.CPU);
    float[] var = values(rnd, c, 0, 0.5f);
    for (int i = 0; i < c; i++) {
      var[i] = Math.abs(var[i]) + 0.5f;
    }
    Tensor rv = Tensors.fromArray(var, Shape.of(c), Device.CPU);
    GradMode.Scope scope = release ? ActivationRelease.enable() : null;
    float[] y;
    try {
      // a scaled copy of x makes the batch norm's input an intermediate that release may free
      Tensor in = x.mul(1.0);
      Tensor out =
          fused
              ? Functional.batchNorm2dRelu(in, rm, rv, w, b, training, 0.1, 1e-5)
              : Functional.relu(Functional.batchNorm2d(in, rm, rv, w, b, training, 0.1, 1e-5));
      y = out.toArray();
      out.mul(g).sum().backward();
    } finally {
      if (scope != null) {
        scope.close();
      }
    }
    return new Result(
        y,
        rm.toArray(),
        rv.toArray(),
        x.grad() == null ? null : x.grad().toArray(),
        w == null ? null : w.grad().toArray(),
        b == null ? null : b.grad().toArray());
  }

  private static Tensor param(float[] v, int c) {
    return Tensors.fromArray(v, Shape.of(c), Device.CPU).requiresGrad(true);
  }

  private static float[] values(Random rnd, int n, double mean, double spread) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (mean + spread * rnd.nextGaussian());
    }
    return a;
  }

  private static void assertSame(String what, Result want, Result got) {
    assertArrayEquals(want.y(), got.y(), what + ": output");
    assertArrayEquals(want.rm(), got.rm(), what + ": running mean");
    assertArrayEquals(want.rv(), got.rv(), what + ": running var");
    assertArrayEquals(want.gx(), got.gx(), what + ": input grad");
    assertArrayEquals(want.gw(), got.gw(), what + ": weight grad");
    assertArrayEquals(want.gb(), got.gb(), what + ": bias grad");
  }

  private static String shapeText(int[] shape, boolean training, boolean affine) {
    return Arrays.toString(shape) + (training ? " training" : " eval") + (affine ? " affine" : "");
  }
}
