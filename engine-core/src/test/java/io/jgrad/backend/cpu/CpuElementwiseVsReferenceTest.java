package io.jgrad.backend.cpu;

import static io.jgrad.backend.cpu.KernelPair.BOTH;
import static io.jgrad.backend.cpu.KernelPair.CPU;
import static io.jgrad.backend.cpu.KernelPair.REF;
import static io.jgrad.backend.cpu.KernelPair.assertValues;
import static io.jgrad.backend.cpu.KernelPair.on;
import static io.jgrad.backend.cpu.KernelPair.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Element-wise kernels: the CPU float32 maps against the double reference, and IEEE cases. */
class CpuElementwiseVsReferenceTest {
  /** Sizes around the chunk grain, so uneven last chunks are exercised. */
  private static final int[] SIZES = {
    0, 1, 7, 1000, CpuElementwise.GRAIN, 2 * CpuElementwise.GRAIN + 3
  };

  /** One float rounding of a correctly rounded result. */
  private static final double RTOL = 1e-6;

  private static final double ATOL = 1e-30;

  @Test
  void unaryOpsMatchReference() {
    SplittableRandom rng = new SplittableRandom(11);
    for (UnaryOp op : UnaryOp.values()) {
      for (int n : SIZES) {
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT;
        float[] x = KernelPair.uniform(rng, n, positive ? 1e-3 : -20, 20);
        Storage ref = REF.elementwise().unary(op, on(REF, x));
        Storage cpu = CPU.elementwise().unary(op, on(CPU, x));
        KernelPair.assertClose(op + " n=" + n, ref, cpu, ATOL, RTOL);
      }
    }
  }

  @Test
  void binaryOpsMatchReference() {
    SplittableRandom rng = new SplittableRandom(12);
    for (BinaryOp op : BinaryOp.values()) {
      for (int n : SIZES) {
        float[] a = KernelPair.uniform(rng, n, -3, 3);
        float[] b = KernelPair.uniform(rng, n, 0.5, 2);
        Storage ref = REF.elementwise().binary(op, on(REF, a), on(REF, b));
        Storage cpu = CPU.elementwise().binary(op, on(CPU, a), on(CPU, b));
        KernelPair.assertClose(op + " n=" + n, ref, cpu, ATOL, RTOL);
        float s = (float) rng.nextDouble(0.5, 2);
        Storage refS = REF.elementwise().binaryScalar(op, on(REF, a), s);
        Storage cpuS = CPU.elementwise().binaryScalar(op, on(CPU, a), s);
        KernelPair.assertClose(op + " scalar n=" + n, refS, cpuS, ATOL, RTOL);
      }
    }
  }

  @Test
  void accumulateMatchesReference() {
    SplittableRandom rng = new SplittableRandom(13);
    for (int n : SIZES) {
      float[] acc = KernelPair.uniform(rng, n, -1, 1);
      float[] x = KernelPair.uniform(rng, n, -1, 1);
      Storage ref = on(REF, acc);
      Storage cpu = on(CPU, acc);
      REF.elementwise().accumulate(ref, on(REF, x));
      CPU.elementwise().accumulate(cpu, on(CPU, x));
      KernelPair.assertClose("accumulate n=" + n, ref, cpu, 1e-7, RTOL);
    }
  }

  @Test
  void handComputedValuesOnBothBackends() {
    double nan = Double.NaN;
    double inf = Double.POSITIVE_INFINITY;
    for (Backend b : BOTH) {
      var k = b.elementwise();
      Storage x = on(b, -1.5, 0, 2, nan, inf, -inf);
      // relu clamps negatives to 0 and lets NaN through, as PyTorch does.
      assertValues("relu", new double[] {0, 0, 2, nan, inf, 0}, k.unary(UnaryOp.RELU, x));
      assertValues("neg", new double[] {1.5, -0.0, -2, nan, -inf, inf}, k.unary(UnaryOp.NEG, x));
      assertValues(
          "exp",
          new double[] {Math.exp(-1.5), 1, Math.exp(2), nan, inf, 0},
          k.unary(UnaryOp.EXP, x));
      // log(0) = -inf and log of a negative is NaN; sqrt likewise.
      assertValues(
          "log", new double[] {nan, -inf, Math.log(2), nan, inf, nan}, k.unary(UnaryOp.LOG, x));
      assertValues(
          "sqrt", new double[] {nan, 0, Math.sqrt(2), nan, inf, nan}, k.unary(UnaryOp.SQRT, x));
      Storage a = on(b, 1, -2, 3, 0, 0.5);
      Storage c = on(b, 4, 5, -6, 0, 2);
      assertValues("add", new double[] {5, 3, -3, 0, 2.5}, k.binary(BinaryOp.ADD, a, c));
      assertValues("sub", new double[] {-3, -7, 9, 0, -1.5}, k.binary(BinaryOp.SUB, a, c));
      assertValues("mul", new double[] {4, -10, -18, 0, 1}, k.binary(BinaryOp.MUL, a, c));
      assertValues("div", new double[] {0.25, -0.4, -0.5, nan, 0.25}, k.binary(BinaryOp.DIV, a, c));
      // ReLU's gradient: b where a > 0, else 0 (a = 0 gives 0).
      assertValues(
          "relu_backward", new double[] {4, 0, -6, 0, 2}, k.binary(BinaryOp.RELU_BACKWARD, a, c));
      assertValues(
          "div by 0", new double[] {inf, -inf}, k.binaryScalar(BinaryOp.DIV, on(b, 1, -1), 0));
      assertValues(
          "scalar sub", new double[] {-1, -4}, k.binaryScalar(BinaryOp.SUB, on(b, 1, -2), 2));
      assertValues(
          "scalar relu_backward",
          new double[] {3, 0, 0},
          k.binaryScalar(BinaryOp.RELU_BACKWARD, on(b, 1, 0, -1), 3));
      Storage acc = on(b, 1, 2);
      k.accumulate(acc, on(b, 10, 20));
      k.accumulate(acc, on(b, 100, 200));
      assertValues("accumulate", new double[] {111, 222}, acc);
    }
  }

  @Test
  void negativeZeroAndNaNSignsAreIeee() {
    for (Backend b : BOTH) {
      double[] relu = values(b.elementwise().unary(UnaryOp.RELU, on(b, -0.0)));
      assertEquals(0.0, relu[0], 0.0);
      assertTrue(Double.isNaN(values(b.elementwise().unary(UnaryOp.RELU, on(b, Double.NaN)))[0]));
    }
  }

  @Test
  void sizeMismatchNamesBothSizes() {
    for (Backend b : BOTH) {
      var k = b.elementwise();
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> k.binary(BinaryOp.ADD, b.memory().zeros(6), b.memory().zeros(5)));
      assertTrue(e.getMessage().contains("6") && e.getMessage().contains("5"), e.getMessage());
      var f =
          assertThrows(
              IllegalArgumentException.class,
              () -> k.accumulate(b.memory().zeros(2), b.memory().zeros(3)));
      assertTrue(f.getMessage().contains("2") && f.getMessage().contains("3"), f.getMessage());
    }
  }

  @Test
  void branchFreeReluGateAgreesWithComparisonOnEveryKindOfFloat() {
    int[] edges = {
      0,
      1,
      0x007FFFFF,
      0x00800000,
      0x3F800000,
      0x7F7FFFFF,
      0x7F800000,
      0x7F800001,
      0x7FC00000,
      0x7FFFFFFF,
      0x80000000,
      0x80000001,
      0xBF800000,
      0xFF800000,
      0xFFC00000,
      0xFFFFFFFF
    };
    SplittableRandom rng = new SplittableRandom(14);
    for (int k = 0; k < edges.length + 1_000_000; k++) {
      int bits = k < edges.length ? edges[k] : rng.nextInt();
      float a = Float.intBitsToFloat(bits);
      float want = a > 0 ? 2.5f : 0f;
      assertEquals(
          Float.floatToRawIntBits(want),
          Float.floatToRawIntBits(CpuElementwise.gate(a, 2.5f)),
          "gate for bits " + Integer.toHexString(bits));
    }
    // Through the kernel, against the reference, with special values on both sides.
    float nan = Float.NaN;
    float negNaN = Float.intBitsToFloat(0xFFC00000);
    float inf = Float.POSITIVE_INFINITY;
    float[] a = {nan, negNaN, inf, -inf, -0f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f};
    float[] b = {1f, 1f, nan, inf, inf, nan, -inf, 3f, nan, nan};
    KernelPair.assertClose(
        "relu_backward specials",
        REF.elementwise().binary(BinaryOp.RELU_BACKWARD, on(REF, a), on(REF, b)),
        CPU.elementwise().binary(BinaryOp.RELU_BACKWARD, on(CPU, a), on(CPU, b)),
        0,
        0);
  }
}
