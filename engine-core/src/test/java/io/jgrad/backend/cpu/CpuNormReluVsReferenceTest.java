package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.BatchNormParams;
import io.jgrad.backend.reference.RefBackend;
import io.jgrad.backend.reference.RefStorage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused batch norm + ReLU kernels: the CPU ones against the double reference over random
 * shapes, and against the CPU's own batch-norm kernels followed by its ReLU kernels, bit for bit.
 */
class CpuNormReluVsReferenceTest {
  private final CpuBackend cpu = backend();

  /** The backend under test: the default one (SIMD when the Vector API module is present). */
  CpuBackend backend() {
    return new CpuBackend();
  }

  private final RefBackend ref = new RefBackend();
  private static final boolean[] ALL = {true, true, true};

  @Test
  void randomShapesMatchReference() {
    Random rnd = new Random(11);
    for (int i = 0; i < 80; i++) {
      int batch = 1 + rnd.nextInt(6);
      int spatial = 2 + rnd.nextInt(60);
      BatchNormParams p = new BatchNormParams(batch, 1 + rnd.nextInt(12), spatial, 1e-5, 0.1, true);
      compareWithReference(p, rnd.nextBoolean(), rnd.nextLong());
    }
    compareWithReference(new BatchNormParams(19, 10, 26 * 26, 1e-5, 0.1, true), true, 1);
  }

  @Test
  void fusedKernelsEqualBatchNormThenReluBitForBit() {
    Random rnd = new Random(12);
    int before = Parallel.threads();
    try {
      for (int threads = 1; threads <= 2; threads++) {
        Parallel.setThreads(threads);
        for (int i = 0; i < 30; i++) {
          BatchNormParams p =
              new BatchNormParams(
                  1 + rnd.nextInt(9), 1 + rnd.nextInt(16), 2 + rnd.nextInt(700), 1e-5, 0.1);
          compareWithUnfused(p, rnd.nextBoolean(), rnd.nextLong());
        }
        compareWithUnfused(new BatchNormParams(128, 15, 22 * 22, 1e-5, 0.1), true, 2);
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void inputGradientNotAskedForStillMasksTheParameterGradients() {
    BatchNormParams p = new BatchNormParams(4, 3, 50, 1e-5, 0.1, true);
    Random rnd = new Random(13);
    Storage x = cpu.wrap(CpuConvVsReferenceTest.uniform(rnd, p.size()));
    Storage g = cpu.wrap(CpuConvVsReferenceTest.uniform(rnd, p.size()));
    Storage w = cpu.wrap(CpuConvVsReferenceTest.uniform(rnd, 3));
    NormKernels.TrainResult r = cpu.norm().forwardTraining(x, w, w, null, null, p);
    boolean[] paramsOnly = {false, true, true};
    NormKernels.Grads some =
        cpu.norm()
            .backwardTrainingRelu(g, r.output(), x, w, r.saveMean(), r.saveInvStd(), p, paramsOnly);
    NormKernels.Grads all =
        cpu.norm().backwardTrainingRelu(g, r.output(), x, w, r.saveMean(), r.saveInvStd(), p, ALL);
    assertNull(some.input());
    assertArrayEquals(CpuStorage.data(all.weight()), CpuStorage.data(some.weight()));
    assertArrayEquals(CpuStorage.data(all.bias()), CpuStorage.data(some.bias()));
  }

  @Test
  void plainBackwardRejectsFusedParams() {
    BatchNormParams p = new BatchNormParams(2, 1, 4, 1e-5, 0.1, true);
    Storage x = cpu.wrap(new float[] {1, 2, 3, 4, 5, 6, 7, 9});
    NormKernels.TrainResult r = cpu.norm().forwardTraining(x, null, null, null, null, p);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> cpu.norm().backwardTraining(x, x, null, r.saveMean(), r.saveInvStd(), p, ALL));
    assertTrue(e.getMessage().contains("batch_norm"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ref.norm()
                .backwardTraining(
                    ref.wrap(new double[8]),
                    ref.wrap(new double[8]),
                    null,
                    ref.wrap(new double[1]),
                    ref.wrap(new double[] {1}),
                    p,
                    ALL));
  }

  @Test
  void fusedForwardClampsNegativesToZero() {
    // x = {-1, 1} per channel normalizes to {-1, 1} (up to eps), so ReLU keeps only the second
    BatchNormParams p = new BatchNormParams(2, 1, 1, 0, 0.1, true);
    Storage y =
        cpu.norm()
            .forwardTraining(cpu.wrap(new float[] {-1, 1}), null, null, null, null, p)
            .output();
    assertEquals(0f, CpuStorage.data(y)[0]);
    assertEquals(1f, CpuStorage.data(y)[1], 1e-6f);
  }

  private void compareWithReference(BatchNormParams p, boolean affine, long seed) {
    Random rnd = new Random(seed);
    float[] x = CpuConvVsReferenceTest.uniform(rnd, p.size());
    float[] g = CpuConvVsReferenceTest.uniform(rnd, p.size());
    float[] w = affine ? CpuConvVsReferenceTest.uniform(rnd, p.channels()) : null;
    float[] b = affine ? CpuConvVsReferenceTest.uniform(rnd, p.channels()) : null;
    float[] rm = CpuConvVsReferenceTest.uniform(rnd, p.channels());
    float[] rv = new float[p.channels()];
    for (int c = 0; c < rv.length; c++) {
      rv[c] = 0.5f + rnd.nextFloat();
    }
    String what = p + (affine ? " affine" : "");
    NormKernels.TrainResult ct =
        cpu.norm().forwardTraining(cpu.wrap(x), wrap(w), wrap(b), null, null, p);
    NormKernels.TrainResult rt =
        ref.norm().forwardTraining(refWrap(x), refWrap(w), refWrap(b), null, null, p);
    CpuConvVsReferenceTest.close("training output " + what, rt.output(), ct.output());
    // the reference masks with the CPU's own output, so a value within rounding of zero cannot
    // be kept by one backend and dropped by the other
    RefStorage mask = refWrap(CpuStorage.data(ct.output()));
    closeGrads(
        "training backward " + what,
        ref.norm()
            .backwardTrainingRelu(
                refWrap(g), mask, refWrap(x), refWrap(w), rt.saveMean(), rt.saveInvStd(), p, ALL),
        cpu.norm()
            .backwardTrainingRelu(
                cpu.wrap(g),
                ct.output(),
                cpu.wrap(x),
                wrap(w),
                ct.saveMean(),
                ct.saveInvStd(),
                p,
                ALL));
    Storage ci =
        cpu.norm().forwardInference(cpu.wrap(x), wrap(w), wrap(b), cpu.wrap(rm), cpu.wrap(rv), p);
    Storage ri =
        ref.norm()
            .forwardInference(refWrap(x), refWrap(w), refWrap(b), refWrap(rm), refWrap(rv), p);
    CpuConvVsReferenceTest.close("inference output " + what, ri, ci);
    closeGrads(
        "inference backward " + what,
        ref.norm()
            .backwardInferenceRelu(
                refWrap(g),
                refWrap(CpuStorage.data(ci)),
                refWrap(x),
                refWrap(w),
                refWrap(rm),
                refWrap(rv),
                p,
                ALL),
        cpu.norm()
            .backwardInferenceRelu(
                cpu.wrap(g), ci, cpu.wrap(x), wrap(w), cpu.wrap(rm), cpu.wrap(rv), p, ALL));
  }

  /** Fused kernels vs batch norm, then the ReLU kernel and the ReLU-backward kernel, all on CPU. */
  private void compareWithUnfused(BatchNormParams p, boolean affine, long seed) {
    Random rnd = new Random(seed);
    float[] x = CpuConvVsReferenceTest.uniform(rnd, p.size());
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 + 3 * x[i];
    }
    float[] g = CpuConvVsReferenceTest.uniform(rnd, p.size());
    float[] w = affine ? CpuConvVsReferenceTest.uniform(rnd, p.channels()) : null;
    float[] b = affine ? CpuConvVsReferenceTest.uniform(rnd, p.channels()) : null;
    float[] rm1 = CpuConvVsReferenceTest.uniform(rnd, p.channels());
    float[] rv1 = new float[p.channels()];
    for (int c = 0; c < rv1.length; c++) {
      rv1[c] = 0.5f + rnd.nextFloat();
    }
    float[] rm2 = rm1.clone();
    float[] rv2 = rv1.clone();
    BatchNormParams fused = p.withRelu(true);
    String what = p + (affine ? " affine" : "") + ", threads " + Parallel.threads();
    NormKernels k = cpu.norm();
    NormKernels.TrainResult plain =
        k.forwardTraining(cpu.wrap(x), wrap(w), wrap(b), cpu.wrap(rm1), cpu.wrap(rv1), p);
    Storage y = cpu.elementwise().unary(UnaryOp.RELU, plain.output());
    Storage gMasked = cpu.elementwise().binary(BinaryOp.RELU_BACKWARD, y, cpu.wrap(g));
    NormKernels.Grads want =
        k.backwardTraining(
            gMasked, cpu.wrap(x), wrap(w), plain.saveMean(), plain.saveInvStd(), p, ALL);
    NormKernels.TrainResult got =
        k.forwardTraining(cpu.wrap(x), wrap(w), wrap(b), cpu.wrap(rm2), cpu.wrap(rv2), fused);
    NormKernels.Grads gotGrads =
        k.backwardTrainingRelu(
            cpu.wrap(g),
            got.output(),
            cpu.wrap(x),
            wrap(w),
            got.saveMean(),
            got.saveInvStd(),
            fused,
            ALL);
    assertArrayEquals(CpuStorage.data(y), CpuStorage.data(got.output()), "output " + what);
    assertArrayEquals(rm1, rm2, "running mean " + what);
    assertArrayEquals(rv1, rv2, "running var " + what);
    sameGrads("training " + what, want, gotGrads);

    Storage yi =
        cpu.elementwise()
            .unary(
                UnaryOp.RELU,
                k.forwardInference(cpu.wrap(x), wrap(w), wrap(b), cpu.wrap(rm1), cpu.wrap(rv1), p));
    Storage yiFused =
        k.forwardInference(cpu.wrap(x), wrap(w), wrap(b), cpu.wrap(rm1), cpu.wrap(rv1), fused);
    assertArrayEquals(CpuStorage.data(yi), CpuStorage.data(yiFused), "inference output " + what);
    Storage giMasked = cpu.elementwise().binary(BinaryOp.RELU_BACKWARD, yi, cpu.wrap(g));
    sameGrads(
        "inference " + what,
        k.backwardInference(giMasked, cpu.wrap(x), wrap(w), cpu.wrap(rm1), cpu.wrap(rv1), p, ALL),
        k.backwardInferenceRelu(
            cpu.wrap(g), yiFused, cpu.wrap(x), wrap(w), cpu.wrap(rm1), cpu.wrap(rv1), fused, ALL));
  }

  private static void sameGrads(String what, NormKernels.Grads want, NormKernels.Grads got) {
    assertArrayEquals(
        CpuStorage.data(want.input()), CpuStorage.data(got.input()), what + " input grad");
    if (want.weight() == null) {
      assertNull(got.weight(), what + " weight grad");
      return;
    }
    assertArrayEquals(
        CpuStorage.data(want.weight()), CpuStorage.data(got.weight()), what + " weight grad");
    assertArrayEquals(
        CpuStorage.data(want.bias()), CpuStorage.data(got.bias()), what + " bias grad");
  }

  private static void closeGrads(String what, NormKernels.Grads expected, NormKernels.Grads got) {
    CpuConvVsReferenceTest.close(what + " input", expected.input(), got.input());
    if (expected.weight() == null) {
      assertNull(got.weight(), what + " weight");
      return;
    }
    CpuConvVsReferenceTest.close(what + " weight", expected.weight(), got.weight());
    CpuConvVsReferenceTest.close(what + " bias", expected.bias(), got.bias());
  }

  private Storage wrap(float[] a) {
    return a == null ? null : cpu.wrap(a);
  }

  private RefStorage refWrap(float[] a) {
    return a == null ? null : ref.wrap(CpuConvVsReferenceTest.widen(a));
  }
}
