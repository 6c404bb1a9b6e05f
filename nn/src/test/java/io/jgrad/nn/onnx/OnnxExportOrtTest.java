package io.jgrad.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.Module;
import io.jgrad.nn.Sequential;
import io.jgrad.nn.TestNets;
import io.jgrad.nn.layers.AdaptiveAvgPool2d;
import io.jgrad.nn.layers.AvgPool2d;
import io.jgrad.nn.layers.BatchNorm2d;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.Dropout;
import io.jgrad.nn.layers.Dropout2d;
import io.jgrad.nn.layers.Flatten;
import io.jgrad.nn.layers.GlobalAvgPool2d;
import io.jgrad.nn.layers.Identity;
import io.jgrad.nn.layers.Linear;
import io.jgrad.nn.layers.LogSoftmax;
import io.jgrad.nn.layers.MaxPool2d;
import io.jgrad.nn.layers.ReLU;
import io.jgrad.nn.layers.Softmax;
import org.junit.jupiter.api.Test;

/**
 * Seeded networks covering every exportable layer and attribute, exported and run in ONNX Runtime
 * on synthetic inputs: the outputs match jgrad's evaluation within 1e-4 and every row's arg-max
 * agrees.
 */
class OnnxExportOrtTest {
  private static final double TOL = 1e-4;

  /** Batch-norm layers with non-trivial affine parameters and running statistics. */
  static void randomizeBatchNorms(Module model, long seed) {
    Generator g = new Generator(seed);
    for (Module m : model.namedModules().values()) {
      if (m instanceof BatchNorm2d) {
        BatchNorm2d bn = (BatchNorm2d) m;
        Shape c = Shape.of(bn.numFeatures());
        bn.runningMean().copyFrom(Tensors.randn(g, bn.numFeatures()).mul(0.5));
        bn.runningVar().copyFrom(Tensors.rand(g, bn.numFeatures()).add(0.5));
        if (bn.affine()) {
          bn.weight().detach().copyFrom(Tensors.rand(g, c.dims()).add(0.5));
          bn.bias().detach().copyFrom(Tensors.randn(g, c.dims()).mul(0.2));
        }
      }
    }
  }

  static Tensor input(long seed, int... shape) {
    return Tensors.randn(new Generator(seed), shape);
  }

  /** Conv with bias, stride, padding, dilation and groups; every pooling; nested Sequential. */
  static Sequential everyLayer(long seed) {
    Generator g = new Generator(seed);
    Sequential s =
        new Sequential(
            Conv2d.builder(1, 4, 3).padding(1).generator(g).build(),
            new BatchNorm2d(4),
            new ReLU(),
            new Dropout(0.3, 1),
            Conv2d.builder(4, 6, 3).stride(2).padding(2).dilation(2).groups(2).generator(g).build(),
            new BatchNorm2d(6, 1e-3, 0.1, false, true),
            new ReLU(),
            new Dropout2d(0.2, 2),
            new MaxPool2d(new int[] {3}, new int[] {2}, new int[] {1}),
            new AvgPool2d(new int[] {3}, new int[] {1}, new int[] {1}, false),
            Conv2d.builder(6, 8, 1, 3).padding(0, 1).generator(g).build(),
            new AvgPool2d(2, 1, 1),
            new AdaptiveAvgPool2d(2),
            new Identity(),
            new Sequential(new Flatten(), new Linear(8 * 2 * 2, 16, true, g)),
            new ReLU(),
            new Dropout(0.5, 3),
            new Linear(16, 10, false, g),
            new LogSoftmax(1));
    randomizeBatchNorms(s, seed + 1);
    return s;
  }

  @Test
  void everyLayerMatchesOrt() {
    Sequential m = everyLayer(11);
    float[] x = input(12, 5, 1, 28, 28).toArray();
    double worst = Ort.compare(m, "every-layer", x, new int[] {5, 1, 28, 28}, 10, TOL);
    assertTrue(worst < TOL, "worst " + worst);
  }

  @Test
  void batchDimensionIsSymbolic() {
    Sequential m = everyLayer(21);
    for (int n : new int[] {1, 7}) {
      float[] x = input(22 + n, n, 1, 28, 28).toArray();
      Ort.compare(m, "batch " + n, x, new int[] {n, 1, 28, 28}, 10, TOL);
    }
  }

  @Test
  void mnistNetworkMatchesOrt() {
    Sequential m = TestNets.mnist7840(5);
    m.add(new Flatten()).add(new LogSoftmax(1));
    randomizeBatchNorms(m, 6);
    float[] x = input(7, 16, 1, 28, 28).toArray();
    Ort.compare(m, "net7840", x, new int[] {16, 1, 28, 28}, 10, TOL);
  }

  @Test
  void globalPoolingSoftmaxAndNonSquareInputMatchOrt() {
    Generator g = new Generator(31);
    Sequential m =
        new Sequential(
            Conv2d.builder(3, 12, 3).generator(g).build(),
            new ReLU(),
            new AdaptiveAvgPool2d(1),
            Conv2d.builder(12, 5, 1).generator(g).build(),
            new GlobalAvgPool2d(),
            new Flatten(),
            new Softmax(1));
    float[] x = input(32, 3, 3, 9, 13).toArray();
    Ort.compare(m, "softmax", x, new int[] {3, 3, 9, 13}, 5, TOL);
  }

  @Test
  void partialFlattensBecomeReshapesThatMatchOrt() {
    Generator g = new Generator(41);
    Sequential m =
        new Sequential(
            Conv2d.builder(1, 4, 5, 3).stride(2, 1).generator(g).build(),
            new Flatten(2, 3),
            new Flatten(),
            new Linear(4 * 12 * 26, 7, true, g),
            new ReLU(),
            new Linear(7, 3, false, g),
            new Flatten(0, -1));
    float[] x = input(42, 2, 1, 28, 28).toArray();
    Ort.compare(m, "reshape", x, new int[] {2, 1, 28, 28}, 3, TOL);
  }
}
