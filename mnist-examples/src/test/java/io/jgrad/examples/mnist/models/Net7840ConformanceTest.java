package io.jgrad.examples.mnist.models;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;
import io.jgrad.testing.ConformanceCase;
import io.jgrad.testing.ConformanceChecker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The registered {@code net7840} is the conformance "model" network: loaded with a case's weights
 * it reproduces PyTorch's log-probabilities, loss, gradients and batch-norm statistics.
 */
class Net7840ConformanceTest {
  @TestFactory
  List<DynamicTest> matchesThePyTorchModel() {
    return ConformanceCase.forOps("model").stream()
        .map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)))
        .toList();
  }

  private static Tensor tensor(ConformanceCase.CaseTensor t) {
    return Tensors.fromArray(t.floats(), Shape.of(t.shape()), Device.CPU);
  }

  private static void check(ConformanceCase c) {
    Module model = Models.create("net7840", 0, 0);
    Map<String, Tensor> state = new LinkedHashMap<>();
    c.inputs()
        .forEach(
            (k, v) -> {
              if (!k.equals("input") && !k.equals("target")) {
                state.put(k, tensor(v));
              }
            });
    model.loadStateDict(state, false);
    model.train(c.attrs().get("mode").asText().equals("train"));
    Tensor x = tensor(c.input("input")).requiresGrad(true);
    int[] target = c.input("target").intData();
    Tensor out = model.call(x);
    Tensor loss = Functional.nllLoss(out, target);
    ConformanceChecker k = new ConformanceChecker(c);
    k.put("output", out.shape().dims(), out.toArray());
    k.put("outputs.nll_loss", new int[0], new float[] {loss.item()});
    Map<String, Tensor> params = model.namedParameters();
    out.backward(tensor(c.gradOutput()), true);
    k.put("grads.input", x.shape().dims(), x.grad().toArray());
    params.forEach((n, p) -> k.put("grads." + n, p.shape().dims(), p.grad().toArray()));
    model.zeroGrad();
    x.setGrad(null);
    loss.backward();
    k.put("loss_grads.input", x.shape().dims(), x.grad().toArray());
    params.forEach((n, p) -> k.put("loss_grads." + n, p.shape().dims(), p.grad().toArray()));
    if (model.isTraining()) {
      model
          .namedBuffers()
          .forEach(
              (n, b) -> {
                if (!n.endsWith("num_batches_tracked")) {
                  k.put("state_after." + n, b.shape().dims(), b.toArray());
                }
              });
    }
    k.verify();
  }
}
