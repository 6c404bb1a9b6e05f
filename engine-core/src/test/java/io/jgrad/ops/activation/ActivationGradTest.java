package io.jgrad.ops.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.testing.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * Float64 gradient checks of sigmoid, tanh, leaky ReLU and GELU (both forms), plus the identities
 * that tie each forward to its definition.
 */
class ActivationGradTest {
  /** Normal samples pushed at least {@code gap} away from 0 (the kink of leaky ReLU). */
  static double[] awayFromZero(long seed, int n, double gap) {
    double[] d = GradCheck.randn(new Generator(seed), n);
    for (int i = 0; i < n; i++) {
      d[i] = Math.copySign(gap + Math.abs(d[i]), d[i]);
    }
    return d;
  }

  @Test
  void sigmoid() {
    GradCheck.of("sigmoid")
        .randomInput("input", new Generator(1), 3, 4)
        .check(xs -> xs.get(0).mul(3.0).sigmoid());
  }

  @Test
  void tanh() {
    GradCheck.of("tanh")
        .randomInput("input", new Generator(2), 2, 3, 4)
        .check(xs -> xs.get(0).mul(2.0).tanh());
  }

  @Test
  void leakyRelu() {
    GradCheck.of("leaky_relu(0.1)")
        .input("input", Shape.of(4, 6), awayFromZero(3, 24, 0.05))
        .check(xs -> xs.get(0).leakyRelu(0.1));
    GradCheck.of("leaky_relu(-0.3)")
        .input("input", Shape.of(10), awayFromZero(4, 10, 0.05))
        .check(xs -> xs.get(0).leakyRelu(-0.3));
  }

  @Test
  void gelu() {
    GradCheck.of("gelu")
        .randomInput("input", new Generator(5), 5, 7)
        .check(xs -> xs.get(0).mul(2.5).gelu());
    GradCheck.of("gelu tanh")
        .randomInput("input", new Generator(6), 5, 7)
        .check(xs -> xs.get(0).mul(2.5).gelu("tanh"));
  }

  @Test
  void forwardsFollowTheirDefinitions() {
    double[] x = GradCheck.randn(new Generator(7), 50);
    Tensor t = Tensors.fromDoubles(x, Shape.of(50), Device.REFERENCE);
    double[] sig = t.sigmoid().toDoubleArray();
    double[] tanh = t.tanh().toDoubleArray();
    double[] leaky = t.leakyRelu(0.2).toDoubleArray();
    double[] geluTanh = t.gelu("tanh").toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      assertEquals(1.0 / (1.0 + Math.exp(-x[i])), sig[i], 1e-15);
      // tanh x = 2 sigmoid(2x) - 1
      assertEquals(2.0 / (1.0 + Math.exp(-2 * x[i])) - 1.0, tanh[i], 1e-14);
      assertEquals(x[i] > 0 ? x[i] : 0.2 * x[i], leaky[i], 0.0);
      double u = Math.sqrt(2 / Math.PI) * (x[i] + 0.044715 * Math.pow(x[i], 3));
      assertEquals(0.5 * x[i] * (1 + Math.tanh(u)), geluTanh[i], 1e-14);
    }
  }
}
