package io.jgrad.benchmarks.e2e;

import io.jgrad.Tensor;
import io.jgrad.autograd.ActivationRelease;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.Backend;
import io.jgrad.benchmarks.support.BenchBackends;
import io.jgrad.nn.ForwardHook;
import io.jgrad.nn.Module;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times the phases of real training steps (zero grad, forward, loss, backward, optimizer) and,
 * through forward hooks on the leaf layers, each layer's share of the forward pass as it runs under
 * autograd (in separate steps: hooks switch layer fusion off). The backward pass has no per-op
 * hook, so {@link LayerKernels} times its kernels in isolation instead.
 */
final class StepTimer {
  private final TrainingRig rig;
  private final int layerCount;
  private final double[] layerMs;
  private final List<Double> stepMs = new ArrayList<>();
  private double zeroMs;
  private double forwardMs;
  private double lossMs;
  private double backwardMs;
  private double optimizerMs;
  private int steps;
  private int hookedSteps;
  private int call;
  private long last;

  StepTimer(TrainingRig rig, NetworkProfile profile) {
    this.rig = rig;
    this.layerCount = profile.layers().size();
    this.layerMs = new double[layerCount];
  }

  /**
   * Runs {@code n} timed steps, then {@code n} more with a forward hook on every leaf layer for the
   * per-layer times. The hooks are kept out of the timed steps because a hooked layer does not fuse
   * (a hooked batch norm and its ReLU run as two ops), so the layer times are those of the unfused
   * network.
   */
  void run(int n) {
    Backend b = rig.backend();
    rig.net().train();
    for (int i = 0; i < n; i++) {
      step(b);
    }
    Map<Module, Boolean> leaves = new IdentityHashMap<>();
    for (Module m : rig.net().namedModules().values()) {
      if (m.namedChildren().isEmpty()) {
        leaves.put(m, true);
      }
    }
    List<ForwardHook.Handle> handles = new ArrayList<>();
    for (Module m : leaves.keySet()) {
      handles.add(m.registerForwardHook((mod, x, y) -> afterLayer(b)));
    }
    try {
      for (int i = 0; i < n; i++) {
        rig.optimizer().zeroGrad();
        call = 0;
        last = System.nanoTime();
        rig.forwardBackward();
        rig.optimizer().step();
        BenchBackends.sync(b);
        hookedSteps++;
      }
    } finally {
      handles.forEach(ForwardHook.Handle::close);
    }
  }

  /** One timed step, phase by phase, with activation release as the rig has it. */
  private void step(Backend b) {
    long t0 = System.nanoTime();
    rig.optimizer().zeroGrad();
    long t1 = System.nanoTime();
    GradMode.Scope scope = rig.releasesActivations() ? ActivationRelease.enable() : null;
    long t2;
    long t3;
    long t4;
    try {
      Tensor out = rig.net().call(rig.images());
      BenchBackends.sync(b);
      t2 = System.nanoTime();
      Tensor loss = rig.loss(out);
      BenchBackends.sync(b);
      t3 = System.nanoTime();
      loss.backward();
      BenchBackends.sync(b);
      t4 = System.nanoTime();
    } finally {
      if (scope != null) {
        scope.close();
      }
    }
    rig.optimizer().step();
    BenchBackends.sync(b);
    long t5 = System.nanoTime();
    zeroMs += ms(t1 - t0);
    forwardMs += ms(t2 - t1);
    lossMs += ms(t3 - t2);
    backwardMs += ms(t4 - t3);
    optimizerMs += ms(t5 - t4);
    stepMs.add(ms(t5 - t0));
    steps++;
  }

  private void afterLayer(Backend b) {
    BenchBackends.sync(b);
    long now = System.nanoTime();
    if (call < layerCount) {
      layerMs[call] += ms(now - last);
    }
    call++;
    last = now;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private double avg(double total) {
    return steps == 0 ? Double.NaN : total / steps;
  }

  /** Mean forward time of layer {@code i} inside a (hooked, unfused) step, in ms. */
  double layerMs(int i) {
    return hookedSteps == 0 ? Double.NaN : layerMs[i] / hookedSteps;
  }

  /** Mean time of zeroing the gradients, in ms. */
  double zeroMs() {
    return avg(zeroMs);
  }

  /** Mean forward time, in ms. */
  double forwardMs() {
    return avg(forwardMs);
  }

  /** Mean loss (log-softmax when not in the network, and NLL) time, in ms. */
  double lossMs() {
    return avg(lossMs);
  }

  /** Mean backward time, in ms. */
  double backwardMs() {
    return avg(backwardMs);
  }

  /** Mean optimizer time, in ms. */
  double optimizerMs() {
    return avg(optimizerMs);
  }

  /** Every step's time, in ms. */
  List<Double> stepMs() {
    return List.copyOf(stepMs);
  }
}
