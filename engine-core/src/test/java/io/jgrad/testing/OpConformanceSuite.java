package io.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.Backends;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PyTorch conformance cases of every engine-core op ({@link CoreOps#OPS}), run on the device a
 * subclass names. For each case: inputs are built on the device (only those listed under {@code
 * grads} require grad), the op runs forward, then backward with {@code grad_output}, and {@link
 * ConformanceChecker} compares {@code output}, every {@code grads.*} and every {@code
 * state_after.*} with the case's tolerances, printing the worst errors per key.
 *
 * <p>engine-core runs it for the CPU and the reference backend; engine-cuda subclasses it with its
 * device. A case whose op needs a kernel family the device's backend does not implement (see {@link
 * io.jgrad.backend.Backend#pointwise()}) is reported as skipped, with the family named.
 */
public abstract class OpConformanceSuite {

  /** The device under test. */
  protected abstract Device device();

  /** Every conformance case of an engine-core op, by name. */
  public static Stream<ConformanceCase> coreCases() {
    return ConformanceCase.forOps(CoreOps.OPS.toArray(new String[0])).stream();
  }

  /** Runs one case on {@link #device()} and checks every expected tensor. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.jgrad.testing.OpConformanceSuite#coreCases")
  public void conformance(ConformanceCase c) {
    Device device = device();
    String missing = TensorOpsCases.missingKernels(c.op(), Backends.get(device));
    Assumptions.assumeTrue(
        missing == null, c.name() + ": backend " + device + " does not implement " + missing);
    Map<String, Tensor> in = new LinkedHashMap<>();
    int[] targets = null;
    for (Map.Entry<String, ConformanceCase.CaseTensor> e : c.inputs().entrySet()) {
      ConformanceCase.CaseTensor t = e.getValue();
      if (t.dtype().equals("int64")) {
        targets = t.intData();
        continue;
      }
      Tensor x = Tensors.fromArray(t.floats(), Shape.of(t.shape()), device);
      x.requiresGrad(c.expected().containsKey("grads." + e.getKey()));
      in.put(e.getKey(), x);
    }
    Tensor y = CoreOps.forward(c, in, targets);
    assertNotNull(y, c.name() + ": the op returned null");
    ConformanceChecker checker = new ConformanceChecker(c);
    checker.put("output", y.shape().dims(), y.toDoubleArray());
    boolean hasGrads = c.expected().keySet().stream().anyMatch(k -> k.startsWith("grads."));
    if (c.gradOutput() != null) {
      ConformanceCase.CaseTensor g = c.gradOutput();
      y.backward(Tensors.fromArray(g.floats(), Shape.of(g.shape()), device));
    } else {
      assertFalse(hasGrads, c.name() + ": has grads but no grad_output");
    }
    for (Map.Entry<String, Tensor> e : in.entrySet()) {
      Tensor x = e.getValue();
      String key = "grads." + e.getKey();
      if (c.expected().containsKey(key)) {
        if (x.grad() != null) {
          checker.put(key, x.grad().shape().dims(), x.grad().toDoubleArray());
        }
      } else {
        assertNull(x.grad(), c.name() + ": input '" + e.getKey() + "' needs no grad but got one");
      }
      String state = "state_after." + e.getKey();
      if (c.expected().containsKey(state)) {
        checker.put(state, x.shape().dims(), x.toDoubleArray());
      } else if (!isRunningStat(c, e.getKey())) {
        assertArrayEquals(
            Tolerances.toDoubles(c.input(e.getKey()).floats()),
            x.toDoubleArray(),
            c.name() + ": input '" + e.getKey() + "' was modified in place");
      }
    }
    checker.verify();
  }

  /** Batch-norm running statistics are updated in place while training; nothing else is. */
  private static boolean isRunningStat(ConformanceCase c, String key) {
    return c.op().equals("batch_norm2d")
        && c.attrs().path("training").asBoolean()
        && key.startsWith("running_");
  }
}
