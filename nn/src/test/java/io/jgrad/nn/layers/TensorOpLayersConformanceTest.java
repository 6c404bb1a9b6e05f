package io.jgrad.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.Backends;
import io.jgrad.nn.Module;
import io.jgrad.testing.ConformanceCase;
import io.jgrad.testing.ConformanceChecker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PyTorch cases of {@code batch_norm1d} ({@link BatchNorm1d} on [N, C] and [N, C, L], training
 * and eval) and {@code conv2d_same} ({@link Conv2d} with padding "same", odd and even kernels,
 * dilation): the layer is built, its state loaded from the case, run forward and backward, and the
 * output, the gradients of input and parameters and (training) the running statistics compared.
 */
class TensorOpLayersConformanceTest {
  static List<ConformanceCase> cases() {
    return ConformanceCase.forOps("batch_norm1d", "conv2d_same");
  }

  private static Tensor tensor(ConformanceCase.CaseTensor t) {
    return Tensors.fromArray(t.floats(), Shape.of(t.shape()), Backends.defaultDevice());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(ConformanceCase c) {
    assertFalse(cases().isEmpty());
    Module layer = build(c);
    Map<String, Tensor> state = new LinkedHashMap<>();
    for (Map.Entry<String, ConformanceCase.CaseTensor> e : c.inputs().entrySet()) {
      if (!e.getKey().equals("input")) {
        state.put(e.getKey(), tensor(e.getValue()));
      }
    }
    var keys = layer.loadStateDict(state, false);
    assertEquals(List.of(), keys.unexpectedKeys());
    layer.train(c.attrs().path("training").asBoolean(true));
    Tensor x = tensor(c.input("input")).requiresGrad(true);
    Tensor y = layer.forward(x);
    ConformanceChecker check = new ConformanceChecker(c);
    check.put("output", y.shape().dims(), y.toArray());
    y.backward(tensor(c.gradOutput()));
    check.put("grads.input", x.shape().dims(), x.grad().toArray());
    Map<String, Tensor> params = layer.namedParameters();
    for (Map.Entry<String, Tensor> p : params.entrySet()) {
      String key = "grads." + p.getKey();
      if (c.expected().containsKey(key)) {
        check.put(key, p.getValue().shape().dims(), p.getValue().grad().toArray());
      }
    }
    Map<String, Tensor> after = layer.stateDict();
    for (String key : c.expected().keySet()) {
      if (key.startsWith("state_after.")) {
        Tensor t = after.get(key.substring("state_after.".length()));
        check.put(key, t.shape().dims(), t.toArray());
      }
    }
    check.verify();
  }

  private static Module build(ConformanceCase c) {
    var a = c.attrs();
    ConformanceCase.CaseTensor in = c.input("input");
    if (c.op().equals("batch_norm1d")) {
      return new BatchNorm1d(
          in.shape()[1],
          a.get("eps").asDouble(),
          a.get("momentum").asDouble(),
          a.get("affine").asBoolean(),
          true);
    }
    int[] w = c.input("weight").shape();
    return Conv2d.builder(in.shape()[1], w[0], w[2], w[3])
        .padding("same")
        .dilation(c.intsAttr("dilation"))
        .bias(c.inputs().containsKey("bias"))
        .build();
  }
}
