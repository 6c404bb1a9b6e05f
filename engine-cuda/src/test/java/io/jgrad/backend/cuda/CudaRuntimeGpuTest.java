package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.backend.HostUploader;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.HostStaging;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;
import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.backend.params.SgdParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jcuda.runtime.JCuda;
import jcuda.runtime.cudaError;
import org.junit.jupiter.api.Test;

/**
 * The CUDA runtime behaviour the README claims: several Java threads at once, large uploads seen by
 * the next kernel, host work that does not wait for the device (NLL targets, batch uploads),
 * dropout seeded once per generator, bit-identical training steps and resume, and {@link
 * CudaBackend#close()}. Skipped with the probe's reason without a GPU.
 */
class CudaRuntimeGpuTest extends GpuKernelTestBase {
  @Test
  void severalThreadsUseTheBackendAtOnce() throws Exception {
    SplittableRandom rng = new SplittableRandom(41);
    int n = 64;
    float[] shared = uniform(rng, n * n, -1.7 / Math.sqrt(n), 1.7 / Math.sqrt(n));
    Storage sharedGpu = dev.memory().fromFloats(shared);
    Storage sharedRef = REF.memory().fromFloats(shared);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[][]>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        float[] mine = uniform(new SplittableRandom(100 + t), n * n, -1, 1);
        results.add(
            pool.submit(
                () -> {
                  Storage x = dev.memory().fromFloats(mine);
                  Storage y = x;
                  for (int step = 0; step < 8; step++) {
                    y = dev.blas().matmul(y, sharedGpu, n, n, n, false, false);
                    y = dev.elementwise().unary(UnaryOp.RELU, y);
                  }
                  Storage r = REF.memory().fromFloats(mine);
                  for (int step = 0; step < 8; step++) {
                    r = REF.blas().matmul(r, sharedRef, n, n, n, false, false);
                    r = REF.elementwise().unary(UnaryOp.RELU, r);
                  }
                  return new float[][] {values(r), values(y)};
                }));
      }
      for (Future<float[][]> f : results) {
        float[][] rg = f.get();
        assertMatches("thread result", rg[0], rg[1], 1e-4 * Math.max(1, maxAbs(rg[0])), 1e-3);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aLargeUploadIsSeenByTheVeryNextKernel() {
    int n = (int) (2 * HostStaging.MAX_BYTES / 4 + 3);
    float[] x = uniform(new SplittableRandom(42), n, -1, 1);
    float[] neg = values(dev.elementwise().unary(UnaryOp.NEG, dev.memory().fromFloats(x)));
    for (int i = 0; i < n; i++) {
      if (neg[i] != -x[i]) {
        throw new AssertionError("element " + i + ": " + neg[i] + " != " + -x[i]);
      }
    }
  }

  @Test
  void nllTargetsDoNotWaitForTheStream() {
    CudaBackend cu = cuda();
    int batch = 512;
    int classes = 10;
    float[] lp = uniform(new SplittableRandom(43), batch * classes, -5, 0);
    int[] targets = new int[batch];
    Arrays.setAll(targets, i -> (i * 7) % classes);
    Storage logProbs = cu.memory().fromFloats(lp);
    // Warm up: the pool's blocks and every pinned buffer of the target ring exist afterwards.
    for (int i = 0; i < CudaLoss.SLOTS; i++) {
      cu.loss()
          .nllBackward(cu.loss().nllForward(logProbs, targets, batch, classes), targets, 512, 10);
    }
    Storage big = busyWork(cu);
    values(big); // waits: the stream is idle now
    big = busyWork(cu);
    Storage loss = cu.loss().nllForward(logProbs, targets, batch, classes);
    Storage grad = cu.loss().nllBackward(loss, targets, batch, classes);
    assertEquals(
        cudaError.cudaErrorNotReady,
        JCuda.cudaStreamQuery(cu.stream().stream()),
        "nllForward/nllBackward returned while earlier work still runs: no host wait");
    assertMatches(
        "nll",
        REF.loss().nllForward(REF.memory().fromFloats(lp), targets, batch, classes),
        loss,
        1e-6,
        1e-6);
    assertEquals(batch * classes, grad.size());
    CudaStorage.keepAlive(big);
  }

  @Test
  void aStagedUploadOverlapsComputeQueuedAfterIt() {
    CudaBackend cu = cuda();
    float[] batch = uniform(new SplittableRandom(44), 16 << 20, -1, 1);
    values(busyWork(cu)); // the pool holds busyWork's blocks: no cudaMalloc below
    try (HostUploader up = cu.newUploader()) {
      HostUploader.Pending pending = up.stage(batch);
      busyWork(cu); // queued after the stage: the copy does not wait for it
      long deadline = System.nanoTime() + 10_000_000_000L;
      boolean copiedWhileBusy = false;
      while (System.nanoTime() < deadline) {
        boolean computeBusy =
            JCuda.cudaStreamQuery(cu.stream().stream()) == cudaError.cudaErrorNotReady;
        if (!computeBusy) {
          break;
        }
        if (((CudaUploader) up).copiesDone()) {
          copiedWhileBusy = true;
          break;
        }
      }
      assertTrue(copiedWhileBusy, "the 64 MiB copy finished while the compute stream was busy");
      assertArrayEquals(batch, values(pending.take()));
    }
  }

  @Test
  void dropoutSeedsOncePerGeneratorAndRepeatsFromTheSameSeed() {
    CudaBackend cu = cuda();
    Shape s = Shape.of(100_000);
    float[] ones = new float[s.numel()];
    Arrays.fill(ones, 1f);
    Storage x = cu.memory().fromFloats(ones);
    Generator g = new Generator(5);
    float[] first = values(cu.dropout().forward(x, s, 0.5, false, g).output());
    float[] second = values(cu.dropout().forward(x, s, 0.5, false, g).output());
    assertFalse(Arrays.equals(first, second), "the state advances: a new mask per call");
    Generator once = new Generator(5);
    once.nextLong();
    assertArrayEquals(once.getState(), g.getState(), "one draw from the generator, not one a call");
    Generator h = new Generator(5);
    assertArrayEquals(first, values(cu.dropout().forward(x, s, 0.5, false, h).output()));
    assertArrayEquals(second, values(cu.dropout().forward(x, s, 0.5, false, h).output()));
  }

  @Test
  void trainingStepsAreBitIdenticalAndResumeExactly() {
    Conv2dParams p = new Conv2dParams(16, 3, 12, 12, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1);
    SplittableRandom rng = new SplittableRandom(45);
    float[][] inputs = new float[6][];
    for (int k = 0; k < inputs.length; k++) {
      inputs[k] = uniform(rng, p.inputSize(), -1, 1);
    }
    float[] w0 = uniform(rng, p.weightSize(), -0.3, 0.3);
    float[][] straight = train(p, inputs, 0, 6, w0, new float[w0.length]);
    float[][] again = train(p, inputs, 0, 6, w0, new float[w0.length]);
    assertArrayEquals(straight[0], again[0], "two runs, the same weights bit for bit");
    float[][] half = train(p, inputs, 0, 3, w0, new float[w0.length]);
    float[][] resumed = train(p, inputs, 3, 6, half[0], half[1]);
    assertArrayEquals(straight[0], resumed[0], "resumed from a host copy: the same weights");
    assertArrayEquals(straight[1], resumed[1], "and the same momentum buffer");
  }

  /** SGD with momentum on 0.5 |conv(x, w)|^2 for steps [from, to); returns {weights, momentum}. */
  private static float[][] train(
      Conv2dParams p, float[][] inputs, int from, int to, float[] w0, float[] m0) {
    SgdParams sgd = new SgdParams(1e-5, 0.9, 0, 1e-4, false);
    Storage w = dev.memory().fromFloats(w0);
    Storage m = dev.memory().fromFloats(m0);
    for (int k = from; k < to; k++) {
      Storage x = dev.memory().fromFloats(inputs[k]);
      Storage y = dev.conv().forward(x, w, null, p);
      Storage dw = dev.conv().backwardWeight(y, x, p);
      dev.optim().sgdStep(w, dw, m, sgd, k == 0);
    }
    return new float[][] {values(w), values(m)};
  }

  @Test
  void closeReleasesEndedThreadsAndEverythingElse() throws Exception {
    CudaBackend cu = cuda();
    CudaBackend own = CudaBackend.create(cu.context().device(), 256L << 20);
    Thread[] workers = new Thread[3];
    for (int t = 0; t < workers.length; t++) {
      workers[t] =
          new Thread(
              () ->
                  own.elementwise()
                      .binary(
                          BinaryOp.ADD,
                          own.memory().fromFloats(new float[] {1}),
                          own.memory().fromFloats(new float[] {2})));
      workers[t].start();
      workers[t].join();
    }
    // Each new worker released the ended one before it; the last is released here.
    assertEquals(1, own.releaseEndedThreads(), "the ended workers' streams are released");
    Storage kept = own.memory().fromFloats(new float[] {3, 4});
    assertArrayEquals(new float[] {3, 4}, own.memory().toFloats(kept));
    own.close();
    assertEquals(0, own.allocator().stats().cached());
    assertThrows(IllegalStateException.class, () -> own.memory().zeros(4));
    kept.close(); // after close: freed at once
    own.close(); // idempotent
    // The shared backend is untouched.
    assertArrayEquals(new float[] {1, 2}, values(cu.memory().fromFloats(new float[] {1, 2})));
  }

  /**
   * Queues about 60 ms of matrix products on the calling thread's stream and returns its result.
   * Each intermediate result goes back to the pool at once (the same stream reuses it in order), so
   * after a first call no {@code cudaMalloc} (which may synchronize) happens while work is queued.
   */
  private static Storage busyWork(CudaBackend cu) {
    int n = 4096;
    Storage a = cu.memory().zeros(n * n);
    Storage y = a;
    for (int i = 0; i < 30; i++) {
      Storage next = cu.blas().matmul(y, a, n, n, n, false, false);
      if (y != a) {
        y.close();
      }
      y = next;
    }
    a.close();
    return y;
  }
}
