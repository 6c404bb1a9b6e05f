package io.jgrad.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.BatchNormParams;
import io.jgrad.backend.reference.RefBackend;
import io.jgrad.backend.reference.RefStorage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The float32 batch norm against the double reference. */
class CpuNormVsReferenceTest {
  private final CpuBackend cpu = backend();

  /** The backend under test: the default one (SIMD when the Vector API module is present). */
  CpuBackend backend() {
    return new CpuBackend();
  }

  private final RefBackend ref = new RefBackend();

  @Test
  void randomShapesMatchReference() {
    Random rnd = new Random(5);
    for (int i = 0; i < 120; i++) {
      int batch = 1 + rnd.nextInt(6);
      int spatial = 1 + rnd.nextInt(50);
      if (batch * spatial < 2) {
        spatial = 2;
      }
      BatchNormParams p =
          new BatchNormParams(batch, 1 + rnd.nextInt(12), spatial, 1e-5, rnd.nextDouble() * 0.5);
      compare(p, rnd.nextBoolean(), rnd.nextBoolean(), 0, 1, rnd.nextLong());
    }
  }

  @Test
  void largeMeanSmallSpreadLosesNothingToCancellation() {
    // mean 3, std 0.5: E[x^2] - E[x]^2 in float would lose most of the variance's digits
    compare(new BatchNormParams(16, 3, 24 * 24, 1e-5, 0.1), true, true, 3, 0.5, 42);
    compare(new BatchNormParams(128, 2, 100, 1e-5, 0.1), true, true, 1000, 0.01, 43);
  }

  @Test
  void firstSamplesFarFromTheRestStillGiveExactStatistics() {
    // the statistics pass centers on the first samples' mean; here those samples sit 1000 away
    // from the other 28, so the kernel must re-center before summing squared deviations
    BatchNormParams p = new BatchNormParams(32, 3, 49, 1e-5, 0.1);
    Random rnd = new Random(44);
    float[] x = new float[p.size()];
    for (int n = 0; n < p.batch(); n++) {
      for (int i = 0; i < p.channels() * p.spatial(); i++) {
        x[n * p.channels() * p.spatial() + i] =
            (float) ((n < 4 ? 1000 : 0) + 0.5 * (rnd.nextDouble() * 2 - 1));
      }
    }
    NormKernels.TrainResult got =
        cpu.norm().forwardTraining(cpu.wrap(x), null, null, null, null, p);
    NormKernels.TrainResult want =
        ref.norm()
            .forwardTraining(ref.wrap(CpuConvVsReferenceTest.widen(x)), null, null, null, null, p);
    CpuConvVsReferenceTest.close("output", want.output(), got.output());
    CpuConvVsReferenceTest.close("mean", want.saveMean(), got.saveMean());
    CpuConvVsReferenceTest.close("invStd", want.saveInvStd(), got.saveInvStd());
  }

  @Test
  void mnistShapesMatchReference() {
    compare(new BatchNormParams(19, 10, 26 * 26, 1e-5, 0.1), true, true, 0, 1, 1);
    compare(new BatchNormParams(19, 15, 22 * 22, 1e-5, 0.1), true, true, 0.5, 2, 2);
    compare(new BatchNormParams(19, 10, 5 * 5, 1e-5, 0.1), false, true, 0, 1, 3);
  }

  @Test
  void gradientsAreNullUnlessAskedForOrNotAffine() {
    BatchNormParams p = new BatchNormParams(2, 3, 4, 1e-5, 0.1);
    Random rnd = new Random(1);
    Storage x = cpu.wrap(CpuConvVsReferenceTest.uniform(rnd, p.size()));
    Storage g = cpu.wrap(CpuConvVsReferenceTest.uniform(rnd, p.size()));
    Storage w = cpu.wrap(CpuConvVsReferenceTest.uniform(rnd, 3));
    NormKernels.TrainResult r = cpu.norm().forwardTraining(x, w, w, null, null, p);
    NormKernels.Grads only =
        cpu.norm()
            .backwardTraining(
                g, x, w, r.saveMean(), r.saveInvStd(), p, new boolean[] {false, true, false});
    assertNull(only.input());
    assertNotNull(only.weight());
    assertNull(only.bias());
    NormKernels.Grads plain =
        cpu.norm()
            .backwardTraining(
                g, x, null, r.saveMean(), r.saveInvStd(), p, new boolean[] {true, true, true});
    assertNotNull(plain.input());
    assertNull(plain.weight());
    assertNull(plain.bias());
  }

  @Test
  void oneValuePerChannelCannotTrain() {
    BatchNormParams p = new BatchNormParams(1, 2, 1, 1e-5, 0.1);
    Storage x = cpu.wrap(new float[2]);
    assertThrows(
        IllegalArgumentException.class,
        () -> cpu.norm().forwardTraining(x, null, null, null, null, p));
  }

  @Test
  void resultsAreBitIdenticalForOneAndTwoThreads() {
    BatchNormParams p = new BatchNormParams(23, 7, 13 * 11, 1e-5, 0.1);
    int before = Parallel.threads();
    try {
      Parallel.setThreads(1);
      float[][] one = cpuResults(p);
      Parallel.setThreads(2);
      float[][] two = cpuResults(p);
      for (int i = 0; i < one.length; i++) {
        assertArrayEquals(one[i], two[i], "result " + i);
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  private float[][] cpuResults(BatchNormParams p) {
    Random rnd = new Random(3);
    float[] x = CpuConvVsReferenceTest.uniform(rnd, p.size());
    float[] g = CpuConvVsReferenceTest.uniform(rnd, p.size());
    float[] w = CpuConvVsReferenceTest.uniform(rnd, p.channels());
    float[] rm = new float[p.channels()];
    float[] rv = new float[p.channels()];
    NormKernels.TrainResult r =
        cpu.norm()
            .forwardTraining(cpu.wrap(x), cpu.wrap(w), cpu.wrap(w), cpu.wrap(rm), cpu.wrap(rv), p);
    NormKernels.Grads gr =
        cpu.norm()
            .backwardTraining(
                cpu.wrap(g),
                cpu.wrap(x),
                cpu.wrap(w),
                r.saveMean(),
                r.saveInvStd(),
                p,
                new boolean[] {true, true, true});
    return new float[][] {
      data(r.output()),
      data(r.saveMean()),
      data(r.saveInvStd()),
      rm,
      rv,
      data(gr.input()),
      data(gr.weight()),
      data(gr.bias())
    };
  }

  /**
   * Training forward (output, saved stats, running stats), inference forward, and both backward
   * passes with every input gradient requested. Inputs are mean + spread * uniform(-1, 1).
   */
  private void compare(
      BatchNormParams p, boolean affine, boolean track, double mean, double spread, long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[p.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (mean + spread * (rnd.nextDouble() * 2 - 1));
    }
    float[] g = CpuConvVsReferenceTest.uniform(rnd, p.size());
    float[] w = affine ? CpuConvVsReferenceTest.uniform(rnd, p.channels()) : null;
    float[] b = affine ? CpuConvVsReferenceTest.uniform(rnd, p.channels()) : null;
    float[] rm = track ? CpuConvVsReferenceTest.uniform(rnd, p.channels()) : null;
    float[] rv = new float[p.channels()];
    for (int c = 0; c < rv.length; c++) {
      rv[c] = 0.5f + rnd.nextFloat();
    }
    double[] rmRef = rm == null ? null : CpuConvVsReferenceTest.widen(rm);
    double[] rvRef = CpuConvVsReferenceTest.widen(rv);
    String what = p + (affine ? " affine" : "") + (track ? " tracked" : "");
    boolean[] all = {true, true, true};

    Storage ci =
        cpu.norm()
            .forwardInference(
                cpu.wrap(x),
                wrap(w),
                wrap(b),
                wrap(rm == null ? new float[p.channels()] : rm),
                cpu.wrap(rv),
                p);
    Storage ri =
        ref.norm()
            .forwardInference(
                refWrap(x),
                refWrap(w),
                refWrap(b),
                ref.wrap(rmRef == null ? new double[p.channels()] : rmRef),
                ref.wrap(rvRef),
                p);
    CpuConvVsReferenceTest.close("inference " + what, ri, ci);
    NormKernels.Grads cgi =
        cpu.norm()
            .backwardInference(
                cpu.wrap(g),
                cpu.wrap(x),
                wrap(w),
                wrap(rm == null ? new float[p.channels()] : rm),
                cpu.wrap(rv),
                p,
                all);
    NormKernels.Grads rgi =
        ref.norm()
            .backwardInference(
                refWrap(g),
                refWrap(x),
                refWrap(w),
                ref.wrap(rmRef == null ? new double[p.channels()] : rmRef),
                ref.wrap(rvRef),
                p,
                all);
    closeGrads("inference backward " + what, rgi, cgi);

    if (p.perChannel() < 2) {
      return;
    }
    Storage rvCpu = track ? cpu.wrap(rv) : null;
    Storage rvRefS = track ? ref.wrap(rvRef) : null;
    NormKernels.TrainResult ct =
        cpu.norm().forwardTraining(cpu.wrap(x), wrap(w), wrap(b), wrap(rm), rvCpu, p);
    NormKernels.TrainResult rt =
        ref.norm()
            .forwardTraining(
                refWrap(x),
                refWrap(w),
                refWrap(b),
                rmRef == null ? null : ref.wrap(rmRef),
                rvRefS,
                p);
    CpuConvVsReferenceTest.close("training output " + what, rt.output(), ct.output());
    CpuConvVsReferenceTest.close("saveMean " + what, rt.saveMean(), ct.saveMean());
    CpuConvVsReferenceTest.close("saveInvStd " + what, rt.saveInvStd(), ct.saveInvStd());
    if (track) {
      CpuConvVsReferenceTest.close("running mean " + what, ref.wrap(rmRef), cpu.wrap(rm));
      CpuConvVsReferenceTest.close("running var " + what, ref.wrap(rvRef), cpu.wrap(rv));
    }
    NormKernels.Grads cg =
        cpu.norm()
            .backwardTraining(
                cpu.wrap(g), cpu.wrap(x), wrap(w), ct.saveMean(), ct.saveInvStd(), p, all);
    NormKernels.Grads rg =
        ref.norm()
            .backwardTraining(
                refWrap(g), refWrap(x), refWrap(w), rt.saveMean(), rt.saveInvStd(), p, all);
    closeGrads("training backward " + what, rg, cg);
  }

  private static void closeGrads(String what, NormKernels.Grads expected, NormKernels.Grads got) {
    CpuConvVsReferenceTest.close(what + " input", expected.input(), got.input());
    if (expected.weight() == null) {
      assertNull(got.weight(), what + " weight");
      assertNull(got.bias(), what + " bias");
    } else {
      CpuConvVsReferenceTest.close(what + " weight", expected.weight(), got.weight());
      CpuConvVsReferenceTest.close(what + " bias", expected.bias(), got.bias());
    }
  }

  private Storage wrap(float[] a) {
    return a == null ? null : cpu.wrap(a);
  }

  private RefStorage refWrap(float[] a) {
    return a == null ? null : ref.wrap(CpuConvVsReferenceTest.widen(a));
  }

  private static float[] data(Storage s) {
    return CpuStorage.data(s);
  }
}
