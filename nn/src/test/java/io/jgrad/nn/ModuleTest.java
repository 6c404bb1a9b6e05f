package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.layers.BatchNorm2d;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.Dropout;
import io.jgrad.nn.layers.Linear;
import io.jgrad.nn.layers.MaxPool2d;
import io.jgrad.nn.layers.ReLU;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registration, traversal, state dicts, modes, devices and the repr of {@link Module}. */
class ModuleTest {
  private static Sequential convBn(long seed) {
    return new Sequential(
        Conv2d.builder(1, 2, 3).generator(new Generator(seed)).build(), new BatchNorm2d(2));
  }

  /** A module with named children, as a user would write one. */
  static final class Net extends Module {
    final Sequential features;
    final Linear head;

    Net() {
      features = registerModule("features", convBn(1));
      head = registerModule("head", new Linear(4, 3, false, new Generator(2)));
      registerBuffer("scale", Tensors.ones(3));
    }

    @Override
    public Tensor forward(Tensor x) {
      return head.call(features.call(x).flatten(1, -1));
    }
  }

  @Test
  void stateDictKeysAreExactlyPyTorchs() {
    Map<String, Tensor> sd = convBn(0).stateDict();
    assertEquals(
        List.of(
            "0.weight",
            "0.bias",
            "1.weight",
            "1.bias",
            "1.running_mean",
            "1.running_var",
            "1.num_batches_tracked"),
        new ArrayList<>(sd.keySet()));
    assertEquals(Shape.of(2, 1, 3, 3), sd.get("0.weight").shape());
    assertEquals(Shape.scalar(), sd.get("1.num_batches_tracked").shape());
    assertEquals(0f, sd.get("1.num_batches_tracked").item());
  }

  @Test
  void namedTraversalUsesDottedPathsInRegistrationOrder() {
    Net net = new Net();
    assertEquals(
        List.of(
            "features.0.weight",
            "features.0.bias",
            "features.1.weight",
            "features.1.bias",
            "head.weight"),
        new ArrayList<>(net.namedParameters().keySet()));
    assertEquals(
        List.of(
            "scale",
            "features.1.running_mean",
            "features.1.running_var",
            "features.1.num_batches_tracked"),
        new ArrayList<>(net.namedBuffers().keySet()));
    assertEquals(List.of("features", "head"), new ArrayList<>(net.namedChildren().keySet()));
    assertEquals(List.of("weight"), new ArrayList<>(net.head.namedParameters().keySet()));
    assertEquals(18 + 2 + 2 + 2 + 12, net.numParameters());
    for (Tensor p : net.parameters()) {
      assertTrue(p.isLeaf() && p.requiresGrad(), "parameters are leaves requiring grad");
    }
    assertTrue(net.namedParameters(false).isEmpty(), "Net has no parameters of its own");
  }

  @Test
  void absentParametersAreLeftOutLikeBiasFalse() {
    Sequential s =
        new Sequential(new Conv2d(1, 2, 3, false), new BatchNorm2d(2, 1e-5, 0.1, false, false));
    assertEquals(List.of("0.weight"), new ArrayList<>(s.stateDict().keySet()));
    assertNull(((Conv2d) s.get(0)).bias());
  }

  @Test
  void trainAndEvalRecurseButEachModuleHasItsOwnFlag() {
    Net net = new Net();
    assertTrue(net.isTraining());
    net.eval();
    for (Module m : net.namedModules().values()) {
      assertFalse(m.isTraining(), "eval() reaches every descendant");
    }
    net.features.get(1).train();
    assertTrue(net.features.get(1).isTraining());
    assertFalse(net.features.get(0).isTraining());
    assertFalse(net.isTraining());
    assertSame(net, net.train(true));
    assertTrue(net.head.isTraining());
  }

  @Test
  void loadStateDictCopiesIntoTheExistingTensors() {
    Sequential a = convBn(1);
    Sequential b = convBn(2);
    Tensor before = b.stateDict().get("0.weight");
    assertFalse(java.util.Arrays.equals(a.stateDict().get("0.weight").toArray(), before.toArray()));
    b.loadStateDict(a.stateDict());
    for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
      assertArrayEquals(
          e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray(), e.getKey());
    }
    assertArrayEquals(
        a.stateDict().get("0.weight").toArray(),
        before.toArray(),
        "the state dict value shares the parameter's storage, which was overwritten");
    assertTrue(b.parameters().get(0).requiresGrad());
  }

  @Test
  void strictLoadReportsMissingUnexpectedAndShapeMismatchesAndCopiesNothing() {
    Sequential target = convBn(1);
    float[] original = target.stateDict().get("0.weight").toArray();
    Map<String, Tensor> state = new LinkedHashMap<>(convBn(2).stateDict());
    state.remove("1.running_var");
    state.put("2.weight", Tensors.zeros(3));
    state.put("0.bias", Tensors.zeros(5));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(state));
    String m = e.getMessage();
    assertTrue(m.contains("Missing key(s)") && m.contains("\"1.running_var\""), m);
    assertTrue(m.contains("Unexpected key(s)") && m.contains("\"2.weight\""), m);
    assertTrue(m.contains("size mismatch for 0.bias") && m.contains("[5]") && m.contains("[2]"), m);
    assertArrayEquals(original, target.stateDict().get("0.weight").toArray(), "nothing copied");
  }

  @Test
  void nonStrictLoadReturnsTheUnmatchedKeysButStillRejectsShapes() {
    Sequential target = convBn(1);
    Map<String, Tensor> state = new LinkedHashMap<>(convBn(2).stateDict());
    state.remove("1.num_batches_tracked");
    state.put("extra", Tensors.zeros(1));
    IncompatibleKeys keys = target.loadStateDict(state, false);
    assertEquals(List.of("1.num_batches_tracked"), keys.missingKeys());
    assertEquals(List.of("extra"), keys.unexpectedKeys());
    assertArrayEquals(
        state.get("0.weight").toArray(), target.stateDict().get("0.weight").toArray());
    state.put("0.weight", Tensors.zeros(2, 1, 3));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(state, false));
    assertTrue(e.getMessage().contains("size mismatch for 0.weight"), e.getMessage());
    assertTrue(e.getMessage().contains("[2, 1, 3]") && e.getMessage().contains("[2, 1, 3, 3]"));
  }

  @Test
  void zeroGradClearsEveryGradient() {
    Sequential s = convBn(1);
    for (Tensor p : s.parameters()) {
      p.setGrad(Tensors.onesLike(p));
    }
    s.zeroGrad();
    for (Tensor p : s.parameters()) {
      assertNull(p.grad());
    }
  }

  @Test
  void toMovesParametersAndBuffersAndKeepsThemLeaves() {
    Sequential s = convBn(1);
    Map<String, Tensor> before = s.stateDict();
    s.parameters().get(0).setGrad(Tensors.onesLike(s.parameters().get(0)));
    assertSame(s, s.to(Device.REFERENCE));
    for (Map.Entry<String, Tensor> e : s.stateDict().entrySet()) {
      assertEquals(Device.REFERENCE, e.getValue().device(), e.getKey());
      assertArrayEquals(before.get(e.getKey()).toArray(), e.getValue().toArray(), e.getKey());
    }
    Tensor w = s.parameters().get(0);
    assertTrue(w.isLeaf() && w.requiresGrad());
    assertEquals(Device.REFERENCE, w.grad().device());
    assertSame(w, ((Conv2d) s.get(0)).weight(), "the layer reads the moved tensor");
    s.to(Device.CPU);
    assertEquals(Device.CPU, ((BatchNorm2d) s.get(1)).runningVar().device());
  }

  @Test
  void registrationRejectsBadAndDuplicateNames() {
    Module m =
        new Module() {
          {
            registerParameter("w", Tensors.zeros(1));
            assertThrows(IllegalArgumentException.class, () -> registerBuffer("w", null));
            assertThrows(IllegalArgumentException.class, () -> registerModule("a.b", new ReLU()));
            Tensor nonLeaf = Tensors.zeros(1).requiresGrad(true).mul(2);
            IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> registerParameter("v", nonLeaf));
            assertTrue(e.getMessage().contains("leaf"), e.getMessage());
          }

          @Override
          public Tensor forward(Tensor x) {
            return x;
          }
        };
    assertEquals(1, m.numParameters());
  }

  @Test
  void forwardHooksSeeCallsAndStopWhenClosed() {
    Sequential s = new Sequential(new ReLU(), new ReLU());
    List<String> seen = new ArrayList<>();
    ForwardHook.Handle h =
        s.get(1).registerForwardHook((m, in, out) -> seen.add(m.name() + out.shape()));
    Tensor x = Tensors.ones(2, 3);
    s.forward(x);
    assertEquals(List.of("ReLU[2, 3]"), seen);
    h.close();
    s.forward(x);
    assertEquals(1, seen.size());
  }

  @Test
  void reprMatchesPyTorch() {
    Sequential s =
        new Sequential(
            new Conv2d(1, 10, 3, false),
            new BatchNorm2d(10),
            new ReLU(),
            new Dropout(0.1, 1L),
            new MaxPool2d(2, 2),
            new Sequential(new Linear(4, 2)));
    String expected =
        "Sequential(\n"
            + "  (0): Conv2d(1, 10, kernel_size=(3, 3), stride=(1, 1), bias=False)\n"
            + "  (1): BatchNorm2d(10, eps=1e-05, momentum=0.1, affine=True,"
            + " track_running_stats=True)\n"
            + "  (2): ReLU()\n"
            + "  (3): Dropout(p=0.1, inplace=False)\n"
            + "  (4): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"
            + "  (5): Sequential(\n"
            + "    (0): Linear(in_features=4, out_features=2, bias=True)\n"
            + "  )\n"
            + ")";
    assertEquals(expected, s.toString());
    assertEquals(
        "Conv2d(3, 8, kernel_size=(3, 5), stride=(2, 2), padding=(1, 1), dilation=(2, 2))",
        Conv2d.builder(3, 8, 3, 5).stride(2).padding(1).dilation(2).build().toString());
    assertEquals("Sequential()", new Sequential().toString());
  }

  @Test
  void sequentialIndexingAndAdd() {
    ReLU r = new ReLU();
    Sequential s = new Sequential().add(new ReLU()).add(r);
    assertEquals(2, s.size());
    assertSame(r, s.get(1));
    assertSame(r, s.get(-1));
    assertNotSame(r, s.get(0));
    assertThrows(IndexOutOfBoundsException.class, () -> s.get(2));
    assertEquals(List.of("0", "1"), new ArrayList<>(s.namedChildren().keySet()));
  }
}
