package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.layers.BatchNorm2d;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.Dropout;
import io.jgrad.nn.layers.MaxPool2d;
import io.jgrad.nn.layers.ReLU;
import io.jgrad.nn.loss.NLLLoss;
import io.jgrad.testing.ConformanceCase;
import io.jgrad.testing.ConformanceChecker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PyTorch reference cases of op {@code model}: the 7,840-parameter MNIST network built from
 * {@code attrs.architecture} with jgrad's layers, every parameter and buffer loaded through {@link
 * Module#loadStateDict(Map, boolean)}, then output, loss, both sets of gradients and (in train
 * mode) the updated running statistics compared with PyTorch.
 */
class ModelConformanceTest {
  static List<ConformanceCase> cases() {
    return ConformanceCase.forOps("model");
  }

  @Test
  void bothModesHaveCases() {
    Set<String> modes = new TreeSet<>();
    for (ConformanceCase c : cases()) {
      modes.add(c.attrs().get("mode").asText());
    }
    assertEquals(Set.of("eval", "train"), modes, "model cases found: " + cases());
  }

  static Stream<Arguments> casesOnDevices() {
    return cases().stream()
        .flatMap(c -> Stream.of(Device.CPU, Device.CUDA).map(d -> Arguments.of(c, d)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("casesOnDevices")
  void matchesPyTorch(ConformanceCase c, Device device) {
    GpuAssumption.assumeAvailable(device);
    Sequential model = build(c.attrs().get("architecture"));
    model.to(device);
    assertEquals(c.attrs().get("num_parameters").asInt(), model.numParameters());

    Map<String, Tensor> state = new LinkedHashMap<>();
    for (Map.Entry<String, ConformanceCase.CaseTensor> e : c.inputs().entrySet()) {
      if (!e.getKey().equals("input") && !e.getKey().equals("target")) {
        state.put(e.getKey(), tensor(e.getValue(), device));
      }
    }
    IncompatibleKeys keys = model.loadStateDict(state, false);
    assertEquals(List.of(), keys.unexpectedKeys());
    long bnCount =
        model.namedModules().values().stream().filter(BatchNorm2d.class::isInstance).count();
    assertEquals(bnCount, keys.missingKeys().size(), "missing: " + keys.missingKeys());
    keys.missingKeys().forEach(k -> assertTrue(k.endsWith(".num_batches_tracked"), k));

    String mode = c.attrs().get("mode").asText();
    model.train(mode.equals("train"));
    Tensor x = tensor(c.input("input"), device).requiresGrad(true);
    Tensor out = post(model.forward(x), c.attrs().get("post"));
    Tensor loss = new NLLLoss().forward(out, c.input("target").intData());

    ConformanceChecker check = new ConformanceChecker(c);
    check.put("output", out.shape().dims(), out.toArray());
    check.put("outputs.nll_loss", loss.shape().dims(), loss.toArray());
    Map<String, Tensor> after = model.stateDict();
    for (String key : c.expected().keySet()) {
      if (key.startsWith("state_after.")) {
        Tensor t = after.get(key.substring("state_after.".length()));
        check.put(key, t.shape().dims(), t.toArray());
      }
    }

    out.backward(tensor(c.gradOutput(), device), true);
    putGrads(check, "grads.", x, model);
    model.zeroGrad();
    x.setGrad(null);
    loss.backward();
    putGrads(check, "loss_grads.", x, model);
    check.verify();
  }

  private static void putGrads(ConformanceChecker check, String prefix, Tensor x, Module model) {
    check.put(prefix + "input", x.grad().shape().dims(), x.grad().toArray());
    for (Map.Entry<String, Tensor> p : model.namedParameters().entrySet()) {
      Tensor g = p.getValue().grad();
      assertFalse(g == null, prefix + p.getKey() + " got no gradient");
      check.put(prefix + p.getKey(), g.shape().dims(), g.toArray());
    }
  }

  private static Tensor post(Tensor y, JsonNode steps) {
    Tensor t = y;
    for (JsonNode s : steps) {
      switch (s.get("type").asText()) {
        case "view":
          t = t.view(ints(s.get("shape")));
          break;
        case "log_softmax":
          t = t.logSoftmax(s.get("dim").asInt());
          break;
        default:
          fail("unknown post step " + s);
      }
    }
    return t;
  }

  /** The nn.Sequential of the case, layer by layer, checking that indices are consecutive. */
  static Sequential build(JsonNode architecture) {
    Sequential s = new Sequential();
    for (JsonNode l : architecture) {
      assertEquals(s.size(), l.get("index").asInt(), "layer indices must be consecutive");
      switch (l.get("type").asText()) {
        case "conv2d":
          int[] k = ints(l.get("kernel_size"));
          s.add(
              Conv2d.builder(
                      l.get("in_channels").asInt(), l.get("out_channels").asInt(), k[0], k[1])
                  .stride(ints(l.get("stride")))
                  .padding(ints(l.get("padding")))
                  .dilation(ints(l.get("dilation")))
                  .groups(l.get("groups").asInt())
                  .bias(l.get("bias").asBoolean())
                  .build());
          break;
        case "batch_norm2d":
          s.add(
              new BatchNorm2d(
                  l.get("num_features").asInt(),
                  l.get("eps").asDouble(),
                  l.get("momentum").asDouble(),
                  l.get("affine").asBoolean(),
                  true));
          break;
        case "relu":
          s.add(new ReLU());
          break;
        case "dropout":
          s.add(new Dropout(l.get("p").asDouble(), 1234L));
          break;
        case "max_pool2d":
          s.add(
              new MaxPool2d(
                  ints(l.get("kernel_size")), ints(l.get("stride")), ints(l.get("padding"))));
          break;
        default:
          fail("unknown layer type " + l);
      }
    }
    return s;
  }

  private static int[] ints(JsonNode n) {
    int[] r = new int[n.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = n.get(i).asInt();
    }
    return r;
  }

  private static Tensor tensor(ConformanceCase.CaseTensor t, Device device) {
    return Tensors.fromArray(t.floats(), Shape.of(t.shape()), device);
  }
}
