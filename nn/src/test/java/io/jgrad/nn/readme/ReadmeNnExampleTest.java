package io.jgrad.nn.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.Module;
import io.jgrad.nn.Sequential;
import io.jgrad.nn.layers.BatchNorm2d;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.Dropout;
import io.jgrad.nn.layers.LogSoftmax;
import io.jgrad.nn.layers.MaxPool2d;
import io.jgrad.nn.layers.ReLU;
import io.jgrad.nn.loss.NLLLoss;
import io.jgrad.nn.optim.SGD;
import io.jgrad.nn.summary.ModelSummary;
import io.jgrad.nn.summary.ReceptiveField;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's nn example (the 7,840-parameter network, summary, receptive field, one step). */
class ReadmeNnExampleTest {
  /** conv → BN → ReLU → dropout, as in the README. */
  static Module[] block(int in, int out, int k) {
    return new Module[] {
      new Conv2d(in, out, k, false), new BatchNorm2d(out), new ReLU(), new Dropout(0.05, 1)
    };
  }

  static Sequential net7840() {
    List<Module> layers = new ArrayList<>();
    layers.addAll(List.of(block(1, 10, 3)));
    layers.addAll(List.of(block(10, 10, 3)));
    layers.addAll(List.of(block(10, 15, 3)));
    layers.add(new MaxPool2d(2));
    layers.addAll(List.of(block(15, 10, 1)));
    for (int i = 0; i < 3; i++) {
      layers.addAll(List.of(block(10, 10, 3)));
    }
    layers.add(new Conv2d(10, 10, 5, false));
    return new Sequential(layers.toArray(new Module[0]));
  }

  @Test
  void definesSummarisesAndTrains() {
    Sequential model = net7840();
    ModelSummary summary = ModelSummary.of(model, 1, 28, 28);
    ReceptiveField rf = ReceptiveField.of(model, 28);
    assertEquals(7840, model.numParameters());
    assertTrue(summary.toString().contains("Total params: 7,840"), summary.toString());
    assertEquals(28, rf.receptiveField());

    Generator gen = new Generator(0);
    Tensor x = Tensors.randn(gen, 8, 1, 28, 28);
    int[] y = {0, 1, 2, 3, 4, 5, 6, 7};
    SGD sgd = new SGD(model.parameters(), 0.05, 0.9);
    Tensor logits = model.forward(x).reshape(-1, 10);
    Tensor loss = new NLLLoss().forward(new LogSoftmax(1).forward(logits), y);
    float[] before = model.parameters().get(0).toArray();
    sgd.zeroGrad();
    loss.backward();
    sgd.step();
    assertNotEquals(before[0], model.parameters().get(0).toArray()[0], "the step moved weights");
  }
}
