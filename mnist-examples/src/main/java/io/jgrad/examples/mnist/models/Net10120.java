package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;
import io.jgrad.nn.layers.AvgPool2d;

/**
 * The published 10,120-parameter GAP network (chain step 7): 3x3 convolutions 1→8→8→8, max pooling,
 * 3x3 8→16→16, 1x1 →8, 3x3 8→32, 1x1 32→64, average pooling over the 5x5 map and a 1x1 convolution
 * to 10 classes; batch norm, ReLU and dropout after every convolution but the last.
 */
final class Net10120 {
  private Net10120() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net10120",
        10120,
        28,
        true,
        "published: chain 5308 step 7, GAP net with wider layers after the 1x1 (8-8-8 | 16-16"
            + " 1x1 8 32 1x1 64 | avg 5 | 1x1 10)",
        Net10120::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .block(8, 3)
        .block(8, 3)
        .block(8, 3)
        .maxPool()
        .block(16, 3)
        .block(16, 3)
        .block(8, 1)
        .block(32, 3)
        .block(64, 1)
        .add(new AvgPool2d(5))
        .conv(10, 1, 0)
        .logits();
  }
}
