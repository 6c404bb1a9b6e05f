package io.jgrad.nn;

import io.jgrad.Generator;
import io.jgrad.nn.layers.BatchNorm2d;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.Dropout;
import io.jgrad.nn.layers.MaxPool2d;
import io.jgrad.nn.layers.ReLU;

/** Networks shared by the nn tests. */
public final class TestNets {
  private TestNets() {}

  /**
   * The 7,840-parameter MNIST network of the conformance case "model" (README section "model"):
   * conv/bn/relu/dropout blocks, a 2x2 max-pool after the third block, a 1x1 conv, three more
   * blocks and a final 5x5 conv; no biases.
   */
  public static Sequential mnist7840(long seed) {
    Generator g = new Generator(seed);
    Sequential s = new Sequential();
    block(s, 1, 10, 3, g);
    block(s, 10, 10, 3, g);
    block(s, 10, 15, 3, g);
    s.add(new MaxPool2d(2, 2));
    block(s, 15, 10, 1, g);
    block(s, 10, 10, 3, g);
    block(s, 10, 10, 3, g);
    block(s, 10, 10, 3, g);
    s.add(Conv2d.builder(10, 10, 5).bias(false).generator(g).build());
    return s;
  }

  private static void block(Sequential s, int in, int out, int k, Generator g) {
    s.add(Conv2d.builder(in, out, k).bias(false).generator(g).build());
    s.add(new BatchNorm2d(out));
    s.add(new ReLU());
    s.add(new Dropout(0.0, g.nextLong()));
  }
}
