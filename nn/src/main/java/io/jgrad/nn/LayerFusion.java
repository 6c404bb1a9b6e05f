package io.jgrad.nn;

import io.jgrad.Tensor;
import io.jgrad.functional.Functional;
import io.jgrad.nn.layers.BatchNorm2d;
import io.jgrad.nn.layers.ReLU;

/**
 * Pairs of adjacent layers that {@link Sequential} runs as one fused op, with the same result as
 * running them one after the other: today a {@link BatchNorm2d} followed by a {@link ReLU} becomes
 * {@link Functional#batchNorm2dRelu} (bit-identical on the CPU, one pass and one activation buffer
 * less). Only the exact layer classes fuse (a subclass may override {@code forward}), only when
 * both layers are in the same mode, and never when either has a forward hook: a hook must see the
 * layer's own output, which the fused op never materializes.
 *
 * <p>{@code -Djgrad.fusion=off} (read at every forward pass) turns fusion off: every layer then
 * runs on its own, with the same results, bit for bit on the CPU (tests train with and without it).
 */
final class LayerFusion {
  private LayerFusion() {}

  /** Whether {@code first} followed by {@code second} may run as one fused batch norm + ReLU. */
  static boolean fusesBatchNormRelu(Module first, Module second) {
    return enabled()
        && first.getClass() == BatchNorm2d.class
        && second.getClass() == ReLU.class
        && first.isTraining() == second.isTraining()
        && !first.hasForwardHooks()
        && !second.hasForwardHooks();
  }

  /** Whether fusion is on: unless {@code -Djgrad.fusion=off}. */
  static boolean enabled() {
    return !System.getProperty("jgrad.fusion", "on").trim().equals("off");
  }

  /** {@code relu.call(bn.call(x))} for a pair that {@link #fusesBatchNormRelu fuses}. */
  static Tensor batchNormRelu(BatchNorm2d bn, Tensor x) {
    return bn.forwardRelu(x);
  }
}
