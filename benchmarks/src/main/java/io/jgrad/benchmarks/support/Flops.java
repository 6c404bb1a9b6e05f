package io.jgrad.benchmarks.support;

import io.jgrad.backend.params.BatchNormParams;
import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.backend.params.Pool2dParams;

/**
 * FLOP and byte counts of each kernel, one place for every benchmark and the step breakdown.
 * Multiply-adds count two FLOPs; bytes are the compulsory float32 traffic (each operand read once,
 * each result written once). Element-wise and normalization counts are the arithmetic of the plain
 * formula; those kernels are memory-bound, so their GB/s is the figure to compare with the
 * machine's bandwidth.
 */
public final class Flops {
  private static final double F = 4.0;

  private Flops() {}

  /** Convolution forward: 2·N·Cout·Ho·Wo·(Cin/g)·kH·kW; reads x and w, writes y. */
  public static Work convForward(Conv2dParams p) {
    return new Work(2.0 * p.macs(), F * (p.inputSize() + p.weightSize() + p.outputSize()));
  }

  /** Convolution gradient w.r.t. the input: the same multiply-adds as the forward pass. */
  public static Work convBackwardData(Conv2dParams p) {
    return new Work(2.0 * p.macs(), F * (p.outputSize() + p.weightSize() + p.inputSize()));
  }

  /** Convolution gradient w.r.t. the weight: the same multiply-adds as the forward pass. */
  public static Work convBackwardWeight(Conv2dParams p) {
    return new Work(2.0 * p.macs(), F * (p.outputSize() + p.inputSize() + p.weightSize()));
  }

  /**
   * Batch-norm training forward, 8 FLOP per element: the mean (1), the biased variance (3),
   * normalize and scale-shift (4); reads x, writes y.
   */
  public static Work batchNormForward(BatchNormParams p) {
    return new Work(8.0 * p.size(), F * 2 * p.size());
  }

  /**
   * Batch-norm training backward, 11 FLOP per element: Σdy (1), Σdy·x̂ with x̂ recomputed (4), dx =
   * (dy − mean(dy) − x̂·mean(dy·x̂))·γ/σ (6); reads dy and x, writes dx.
   */
  public static Work batchNormBackward(BatchNormParams p) {
    return new Work(11.0 * p.size(), F * 3 * p.size());
  }

  /** Max pooling forward, kH·kW−1 comparisons per output; reads x, writes y. */
  public static Work maxPoolForward(Pool2dParams p) {
    return new Work(
        (double) p.outputSize() * (p.kernelH() * p.kernelW() - 1),
        F * (p.inputSize() + p.outputSize()));
  }

  /**
   * Max pooling backward, kH·kW comparisons per output to find the maximum again; reads dy, x and
   * y, writes dx.
   */
  public static Work maxPoolBackward(Pool2dParams p) {
    return new Work(
        (double) p.outputSize() * p.kernelH() * p.kernelW(),
        F * (2.0 * p.outputSize() + 2.0 * p.inputSize()));
  }

  /** Matrix product [m,k]·[k,n]: 2·m·k·n; reads A and B, writes C. */
  public static Work gemm(int m, int k, int n) {
    return new Work(2.0 * m * k * n, F * ((double) m * k + (double) k * n + (double) m * n));
  }

  /** A unary map over {@code n} elements: one FLOP each; reads x, writes y. */
  public static Work unary(long n) {
    return new Work(n, F * 2 * n);
  }

  /** A binary map over {@code n} elements: one FLOP each; reads a and b, writes y. */
  public static Work binary(long n) {
    return new Work(n, F * 3 * n);
  }

  /**
   * Log-softmax over rows of {@code classes} plus the NLL loss, forward: 5 FLOP per element (max,
   * subtract, exp, sum, subtract the log) and one per row for the loss; reads x, writes log p.
   */
  public static Work logSoftmaxNllForward(int rows, int classes) {
    long n = (long) rows * classes;
    return new Work(5.0 * n + rows, F * (2.0 * n + 1));
  }

  /**
   * Backward of NLL then of log-softmax: the one-hot gradient (n writes) and dx = g − exp(y)·Σg (4
   * FLOP per element); reads y and g, writes g and dx.
   */
  public static Work logSoftmaxNllBackward(int rows, int classes) {
    long n = (long) rows * classes;
    return new Work(4.0 * n + rows, F * 4.0 * n);
  }

  /** SGD with momentum over {@code n} parameters: 4 FLOP each; reads p, g, buf; writes p, buf. */
  public static Work sgdMomentum(long n) {
    return new Work(4.0 * n, F * 5 * n);
  }
}
