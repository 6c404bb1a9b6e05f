package io.jgrad.examples.mnist.models;

import io.jgrad.Generator;
import io.jgrad.nn.Module;
import io.jgrad.nn.Sequential;
import io.jgrad.nn.layers.BatchNorm2d;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.Dropout;
import io.jgrad.nn.layers.Flatten;
import io.jgrad.nn.layers.GlobalAvgPool2d;
import io.jgrad.nn.layers.LogSoftmax;
import io.jgrad.nn.layers.MaxPool2d;
import io.jgrad.nn.layers.ReLU;

/**
 * Appends the recurring pieces of the MNIST networks to a flat {@link Sequential}, so parameter
 * keys read {@code 0.weight}, {@code 1.running_mean}, ... exactly like the PyTorch models they
 * reproduce. Convolutions have no bias (a following batch norm makes it redundant); weights are
 * drawn from one generator seeded with the model seed, dropout masks from a second one.
 */
final class Blocks {
  private final Sequential seq = new Sequential();
  private final double dropout;
  private final Generator init;
  private final Generator masks;
  private int channels = 1;

  /** A builder of a network with dropout probability {@code dropout}, seeded with {@code seed}. */
  Blocks(double dropout, long seed) {
    this.dropout = dropout;
    this.init = new Generator(seed);
    this.masks = new Generator(seed ^ 0x6A09E667F3BCC909L);
  }

  /** Conv (k x k, no bias) + BatchNorm + ReLU + Dropout, the standard block. */
  Blocks block(int out, int kernel) {
    return block(out, kernel, 0);
  }

  /** Conv (k x k, zero padding {@code pad}, no bias) + BatchNorm + ReLU + Dropout. */
  Blocks block(int out, int kernel, int pad) {
    conv(out, kernel, pad);
    seq.add(new BatchNorm2d(channels));
    seq.add(new ReLU());
    seq.add(new Dropout(dropout, masks));
    return this;
  }

  /** Conv (no bias) + ReLU + Dropout, for the networks before batch norm was added. */
  Blocks plainBlock(int out, int kernel) {
    conv(out, kernel, 0);
    seq.add(new ReLU());
    seq.add(new Dropout(dropout, masks));
    return this;
  }

  /** A bare convolution (no bias), e.g. the output layer. */
  Blocks conv(int out, int kernel, int pad) {
    seq.add(Conv2d.builder(channels, out, kernel).padding(pad).bias(false).generator(init).build());
    channels = out;
    return this;
  }

  /** 2x2 max pooling, stride 2. */
  Blocks maxPool() {
    seq.add(new MaxPool2d(2, 2));
    return this;
  }

  /** Global average pooling to 1x1. */
  Blocks gap() {
    seq.add(new GlobalAvgPool2d());
    return this;
  }

  /** Any extra layer, appended as is. */
  Blocks add(Module m) {
    seq.add(m);
    return this;
  }

  /** The classifier tail: [N, 10, 1, 1] viewed as [N, 10], then log-softmax over classes. */
  Sequential logits() {
    if (channels != 10) {
      throw new IllegalStateException(
          "Blocks.logits: the last layer must have 10 channels, has " + channels);
    }
    seq.add(new Flatten());
    seq.add(new LogSoftmax(1));
    return seq;
  }
}
