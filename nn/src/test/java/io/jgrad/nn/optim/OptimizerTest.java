package io.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour of the optimizers beyond the PyTorch trajectories: groups, laziness, skipping. */
class OptimizerTest {
  private static Tensor param(Device d, double... values) {
    return Tensors.fromDoubles(values, Shape.of(values.length), d).requiresGrad(true);
  }

  private static void grad(Tensor p, double... values) {
    p.setGrad(Tensors.fromDoubles(values, p.shape(), p.device()));
  }

  @Test
  void zeroGradSetsEveryGradientToNull() {
    Tensor a = param(Device.CPU, 1, 2);
    Tensor b = param(Device.CPU, 3);
    grad(a, 1, 1);
    grad(b, 1);
    Optimizer opt = new SGD(List.of(a, b), 0.1);
    opt.zeroGrad();
    assertNull(a.grad());
    assertNull(b.grad());
  }

  @Test
  void parametersWithoutGradientAreSkippedAndGetNoState() {
    Tensor a = param(Device.CPU, 1, 2);
    Tensor b = param(Device.CPU, 3, 4);
    for (Optimizer opt : List.of(new SGD(List.of(a, b), 0.1, 0.9), new Adam(List.of(a, b)))) {
      grad(a, 0.5, -0.5);
      b.setGrad(null);
      float[] before = b.toArray();
      opt.step();
      assertArrayEquals(before, b.toArray(), opt.name() + " must not touch b");
      assertNull(opt.state(b), opt.name() + " must not create state for b");
      assertNotNull(opt.state(a), opt.name() + " keeps state for a");
    }
  }

  @Test
  void eachParamGroupUsesItsOwnOptionsAndDefaultsFillTheRest() {
    Tensor a = param(Device.REFERENCE, 1);
    Tensor b = param(Device.REFERENCE, 1);
    SGD opt =
        SGD.forGroups(
            List.of(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b)).with(ParamGroup.LR, 0.01)),
            0.1,
            0,
            0,
            0,
            false);
    assertEquals(0.1, opt.paramGroups().get(0).lr());
    assertEquals(0.01, opt.paramGroups().get(1).lr());
    assertEquals(0.0, opt.paramGroups().get(1).get(ParamGroup.MOMENTUM));
    assertEquals(false, opt.paramGroups().get(1).flag(ParamGroup.NESTEROV));
    grad(a, 2);
    grad(b, 2);
    opt.step();
    // Plain SGD: p - lr * g, computed in double on the reference backend.
    assertEquals(1 - 0.1 * 2, a.toDoubleArray()[0], 1e-15);
    assertEquals(1 - 0.01 * 2, b.toDoubleArray()[0], 1e-15);
  }

  @Test
  void momentumBufferIsCreatedLazilyOnTheParametersDevice() {
    Tensor p = param(Device.REFERENCE, 1, 2, 3);
    SGD opt = new SGD(List.of(p), 0.1, 0.9);
    assertNull(opt.state(p));
    grad(p, 0.25, -0.5, 1);
    opt.step();
    Tensor buf = opt.state(p).buffer(SGD.MOMENTUM_BUFFER);
    assertEquals(Device.REFERENCE, buf.device());
    // First step: buf = d = g (no weight decay).
    assertArrayEquals(new double[] {0.25, -0.5, 1}, buf.toDoubleArray());
  }

  @Test
  void dampeningFollowsThePyTorchRecurrence() {
    Tensor p = param(Device.REFERENCE, 1);
    SGD opt = new SGD(List.of(p), 0.1, 0.5, 0.3, 0, false);
    grad(p, 2);
    opt.step(); // buf = 2, p = 1 - 0.1 * 2 = 0.8
    grad(p, 4);
    opt.step(); // buf = 0.5 * 2 + (1 - 0.3) * 4 = 3.8, p = 0.8 - 0.1 * 3.8 = 0.42
    assertEquals(3.8, opt.state(p).buffer(SGD.MOMENTUM_BUFFER).toDoubleArray()[0], 1e-15);
    assertEquals(0.42, p.toDoubleArray()[0], 1e-15);
  }

  @Test
  void momentumSwitchedOnLaterStartsItsBufferFromTheGradient() {
    Tensor p = param(Device.REFERENCE, 1);
    SGD opt = new SGD(List.of(p), 0.1);
    grad(p, 1);
    opt.step(); // p = 0.9, no buffer with momentum 0
    assertNull(opt.state(p));
    opt.paramGroups().get(0).set(ParamGroup.MOMENTUM, 0.9);
    grad(p, 3);
    opt.step(); // first step with momentum: buf = 3, p = 0.9 - 0.3 = 0.6
    assertEquals(3.0, opt.state(p).buffer(SGD.MOMENTUM_BUFFER).toDoubleArray()[0]);
    assertEquals(0.6, p.toDoubleArray()[0], 1e-15);
  }

  @Test
  void adamCountsStepsPerParameter() {
    Tensor a = param(Device.CPU, 1);
    Tensor b = param(Device.CPU, 1);
    Adam opt = new Adam(List.of(a, b), 0.01);
    grad(a, 1);
    grad(b, 1);
    opt.step();
    b.setGrad(null);
    opt.step();
    assertEquals(2, opt.state(a).step());
    assertEquals(1, opt.state(b).step());
  }

  @Test
  void adamFirstStepMovesEachParameterByAboutLr() {
    // At t = 1, m / (1 - b1) = g and sqrt(v / (1 - b2)) = |g|, so the step is lr * g / (|g| +
    // eps): lr * sign(g) up to eps / |g|.
    Tensor p = param(Device.REFERENCE, 0, 0);
    Adam opt = new Adam(List.of(p), 0.01);
    grad(p, 3, -0.5);
    opt.step();
    double[] v = p.toDoubleArray();
    assertEquals(-0.01, v[0], 1e-9);
    assertEquals(0.01, v[1], 1e-9);
  }

  @Test
  void adamWDecaysTheParameterBeforeTheAdamStep() {
    // p = 2 * (1 - lr * wd) - lr * sign(g) = 2 * (1 - 0.1 * 0.5) - 0.1 = 1.8 (up to eps).
    Tensor p = param(Device.REFERENCE, 2);
    AdamW opt = new AdamW(List.of(p), 0.1, 0.9, 0.999, 1e-8, 0.5);
    grad(p, 1);
    opt.step();
    assertEquals(1.8, p.toDoubleArray()[0], 1e-7);
  }

  @Test
  void paramGroupsListIsReadOnlyButGroupsAreMutable() {
    Tensor p = param(Device.CPU, 1);
    SGD opt = new SGD(List.of(p), 0.1);
    assertThrows(UnsupportedOperationException.class, () -> opt.paramGroups().clear());
    opt.paramGroups().get(0).setLr(0.5);
    assertEquals(0.5, opt.paramGroups().get(0).lr());
    assertSame(p, opt.params().get(0));
  }

  @Test
  void addParamGroupAppendsWithDefaults() {
    Tensor a = param(Device.CPU, 1);
    Tensor b = param(Device.CPU, 1);
    Adam opt = new Adam(List.of(a), 0.01);
    opt.addParamGroup(ParamGroup.of(List.of(b)).with(ParamGroup.BETA1, 0.5));
    assertEquals(2, opt.paramGroups().size());
    assertEquals(0.01, opt.paramGroups().get(1).lr());
    assertEquals(0.5, opt.paramGroups().get(1).get(ParamGroup.BETA1));
    assertEquals(List.of(a, b), opt.params());
    assertTrue(opt.hasOption(ParamGroup.BETA1));
  }
}
