package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;
import io.jgrad.nn.layers.AvgPool2d;

/**
 * The published 5,308-parameter GAP network that ends the chain: 3x3 convolutions 1→8→8→8, max
 * pooling, 3x3 8→10→12, 1x1 →8, 3x3 8→16, 1x1 16→32, average pooling over the 5x5 map and a 1x1
 * convolution to 10 classes; batch norm, ReLU and dropout after every convolution but the last.
 */
final class Net5308 {
  private Net5308() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net5308",
        5308,
        28,
        true,
        "published: last step of chain 5308, GAP net (8-8-8 | 10-12 1x1 8 16 1x1 32 | avg 5 |"
            + " 1x1 10)",
        Net5308::create);
  }

  static Sequential create(double dropout, long seed) {
    return new Blocks(dropout, seed)
        .block(8, 3)
        .block(8, 3)
        .block(8, 3)
        .maxPool()
        .block(10, 3)
        .block(12, 3)
        .block(8, 1)
        .block(16, 3)
        .block(32, 1)
        .add(new AvgPool2d(5))
        .conv(10, 1, 0)
        .logits();
  }
}
