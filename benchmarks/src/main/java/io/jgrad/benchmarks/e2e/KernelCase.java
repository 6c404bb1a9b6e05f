package io.jgrad.benchmarks.e2e;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.benchmarks.support.BenchBackends;
import java.util.Arrays;

/**
 * One kernel call of a training step with its exact shapes and inputs, ready to be timed in
 * isolation.
 *
 * @param kernel what is called, e.g. {@code conv.backwardWeight}
 * @param backward whether it belongs to the backward pass (or the optimizer step)
 * @param flops its dense FLOPs for the whole batch (0 for memory-bound kernels)
 * @param call runs the kernel once and returns the buffers it allocated
 */
public record KernelCase(String kernel, boolean backward, double flops, Call call) {
  /** A kernel invocation. */
  @FunctionalInterface
  public interface Call {
    /** Runs the kernel; returns its new buffers (none for an in-place kernel). */
    Storage[] run();
  }

  /**
   * The median wall time in milliseconds of {@code reps} calls after {@code warmup} untimed ones,
   * each call waited for on {@code backend} and its results freed.
   */
  public double medianMillis(Backend backend, int warmup, int reps) {
    for (int i = 0; i < warmup; i++) {
      once(backend);
    }
    double[] t = new double[Math.max(reps, 1)];
    for (int i = 0; i < t.length; i++) {
      long start = System.nanoTime();
      once(backend);
      t[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(t);
    return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
  }

  private void once(Backend backend) {
    Storage[] out = call.run();
    BenchBackends.sync(backend);
    BenchBackends.close(out);
  }
}
