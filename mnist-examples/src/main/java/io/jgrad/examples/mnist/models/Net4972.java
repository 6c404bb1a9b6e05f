package io.jgrad.examples.mnist.models;

import io.jgrad.nn.Sequential;
import io.jgrad.nn.layers.AvgPool2d;

/**
 * A network under 5,000 parameters, designed here: net5308's convolutional trunk (3x3 convolutions
 * 1→8→8→8, max pooling, 3x3 8→10→12, 1x1 →8, 3x3 8→16) with a slimmer head, a 1x1 16→20 instead of
 * 16→32, then average pooling over the 5x5 map and a 1x1 convolution to 10 classes; batch norm,
 * ReLU and dropout after every convolution but the last. 4,972 parameters, receptive field 28.
 */
final class Net4972 {
  private Net4972() {}

  static ModelSpec spec() {
    return new ModelSpec(
        "net4972",
        4972,
        28,
        false,
        "designed: net5308 with a 20-channel head (16→20 1x1), under 5,000",
        Net4972::create);
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
        .block(20, 1)
        .add(new AvgPool2d(5))
        .conv(10, 1, 0)
        .logits();
  }
}
