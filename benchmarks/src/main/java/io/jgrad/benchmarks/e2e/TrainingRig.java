package io.jgrad.benchmarks.e2e;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.ActivationRelease;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.Backend;
import io.jgrad.benchmarks.support.BenchBackends;
import io.jgrad.benchmarks.support.Inputs;
import io.jgrad.examples.mnist.models.Models;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;
import io.jgrad.nn.Sequential;
import io.jgrad.nn.layers.LogSoftmax;
import io.jgrad.nn.optim.SGD;
import java.util.Map;

/**
 * One registered MNIST network ready to train on one backend, exactly as the PyTorch baseline
 * ({@code benchmarks/pytorch/train_step_bench.py}) does it: a seeded random batch of 1x28x28 images
 * and class targets, SGD with learning rate 0.01 and momentum 0.9, and a step = zero the gradients,
 * forward, log-softmax + NLL loss, backward, update. Backward releases the activations ({@link
 * ActivationRelease}) by default, as a memory-conscious training loop does.
 */
public final class TrainingRig {
  /** MNIST image size. */
  public static final int SIDE = 28;

  /** Digit classes. */
  public static final int CLASSES = 10;

  private final Backend backend;
  private final Module net;
  private final SGD sgd;
  private final Tensor images;
  private final int[] targets;
  private final boolean endsInLogSoftmax;
  private boolean release = true;

  /** A rig for a command line's {@code model}, {@code dropout} and {@code batch} options. */
  static TrainingRig fromOptions(Map<String, String> o, Backend backend) {
    return new TrainingRig(
        o.get("model"),
        Double.parseDouble(o.get("dropout")),
        backend,
        Integer.parseInt(o.get("batch")));
  }

  /**
   * Builds registered network {@code model} (see {@link Models#names()}) with dropout {@code
   * dropout}, moved to {@code backend}, and a batch of {@code batch} images.
   */
  public TrainingRig(String model, double dropout, Backend backend, int batch) {
    if (batch < 2) {
      throw new IllegalArgumentException(
          "TrainingRig: batch must be >= 2 (batch norm needs 2 samples), got " + batch);
    }
    this.backend = backend;
    Device device = backend.device();
    this.net = Models.create(model, dropout, 0L).to(device);
    this.sgd = new SGD(net.parameters(), 0.01, 0.9);
    this.images =
        Tensors.randn(new Generator(7), Shape.of(batch, 1, SIDE, SIDE), Device.CPU).to(device);
    this.targets = Inputs.targets(batch, CLASSES, 8);
    this.endsInLogSoftmax = lastLayer(net) instanceof LogSoftmax;
  }

  private static Module lastLayer(Module m) {
    Module last = m;
    while (last instanceof Sequential && ((Sequential) last).size() > 0) {
      last = ((Sequential) last).get(-1);
    }
    return last;
  }

  /** The backend the network lives on. */
  public Backend backend() {
    return backend;
  }

  /** The network. */
  public Module net() {
    return net;
  }

  /** The optimizer over the network's parameters. */
  public SGD optimizer() {
    return sgd;
  }

  /** The input batch [N, 1, 28, 28]. */
  public Tensor images() {
    return images;
  }

  /** Images per batch. */
  public int batch() {
    return images.dim(0);
  }

  /** The loss of network output {@code out}: NLL of its log-probabilities. */
  public Tensor loss(Tensor out) {
    Tensor flat = out.reshape(batch(), -1);
    Tensor logProbs = endsInLogSoftmax ? flat : Functional.logSoftmax(flat, 1);
    return Functional.nllLoss(logProbs, targets);
  }

  /**
   * One training step; waits for the device and returns the loss. Forward and backward run with
   * {@link ActivationRelease} enabled (unless switched off with {@link #releaseActivations}), as a
   * training loop that reads nothing but the loss would: backward hands each activation back to the
   * backend, which reuses it in the next step.
   */
  public Tensor trainStep() {
    net.train();
    sgd.zeroGrad();
    Tensor loss = forwardBackward();
    sgd.step();
    BenchBackends.sync(backend);
    return loss;
  }

  /** Forward, loss and backward of one step (activation release as configured); the loss. */
  Tensor forwardBackward() {
    GradMode.Scope scope = release ? ActivationRelease.enable() : null;
    try {
      Tensor loss = loss(net.call(images));
      loss.backward();
      return loss;
    } finally {
      if (scope != null) {
        scope.close();
      }
    }
  }

  /**
   * Whether backward frees the activations ({@link ActivationRelease}; on by default); returns
   * this.
   */
  public TrainingRig releaseActivations(boolean on) {
    this.release = on;
    return this;
  }

  /** Whether backward frees the activations. */
  public boolean releasesActivations() {
    return release;
  }

  /**
   * One evaluation-mode forward pass without gradients; waits for the device. With {@code release}
   * it runs as the examples' evaluation does ({@link ActivationRelease}: each intermediate goes
   * back to the backend's pool once read); without, every intermediate is a fresh buffer that the
   * garbage collector takes later.
   */
  @SuppressWarnings("try") // the scopes are used only for their close()
  public Tensor infer(boolean release) {
    net.eval();
    try (GradMode.Scope noGrad = GradMode.noGrad();
        GradMode.Scope scope = release ? ActivationRelease.enable() : () -> {}) {
      Tensor out = net.call(images);
      BenchBackends.sync(backend);
      return out;
    }
  }
}
