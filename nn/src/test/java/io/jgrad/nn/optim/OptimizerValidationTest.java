package io.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Tensor;
import io.jgrad.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad hyper-parameters and parameter lists fail at once with messages naming what is wrong. */
class OptimizerValidationTest {
  private static Tensor p() {
    return Tensors.zeros(2).requiresGrad(true);
  }

  private static void fails(Executable e, String... fragments) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String f : fragments) {
      assertTrue(ex.getMessage().contains(f), "'" + ex.getMessage() + "' should mention " + f);
    }
  }

  @Test
  void sgdRejectsBadHyperParameters() {
    fails(() -> new SGD(List.of(p()), -0.1), "SGD", "learning rate", "-0.1");
    fails(() -> new SGD(List.of(p()), Double.NaN), "SGD", "learning rate", "NaN");
    fails(() -> new SGD(List.of(p()), 0.1, -0.9), "SGD", "momentum", "-0.9");
    fails(() -> new SGD(List.of(p()), 0.1, 0.9, 0, -1e-4, false), "SGD", "weight_decay", "-1.0E-4");
    fails(
        () -> new SGD(List.of(p()), 0.1, 0, 0, 0, true),
        "SGD",
        "Nesterov momentum requires a momentum and zero dampening",
        "momentum=0.0");
    fails(
        () -> new SGD(List.of(p()), 0.1, 0.9, 0.1, 0, true),
        "SGD",
        "Nesterov momentum requires a momentum and zero dampening",
        "dampening=0.1");
  }

  @Test
  void adamAndAdamWRejectBadHyperParameters() {
    fails(() -> new Adam(List.of(p()), -1), "Adam", "learning rate", "-1.0");
    fails(
        () -> new Adam(List.of(p()), 0.1, 1.0, 0.999, 1e-8, 0),
        "Adam",
        "beta parameter at index 0",
        "1.0");
    fails(
        () -> new Adam(List.of(p()), 0.1, 0.9, -0.1, 1e-8, 0),
        "Adam",
        "beta parameter at index 1",
        "-0.1");
    fails(() -> new Adam(List.of(p()), 0.1, 0.9, 0.999, -1e-8, 0), "Adam", "epsilon", "-1.0E-8");
    fails(() -> new Adam(List.of(p()), 0.1, 0.9, 0.999, 1e-8, -0.01), "Adam", "weight_decay");
    fails(
        () -> new AdamW(List.of(p()), 0.1, 0.9, 1.5, 1e-8, 0.01),
        "AdamW",
        "beta parameter at index 1",
        "1.5");
  }

  @Test
  void amsgradIsRejectedWithAClearError() {
    fails(() -> new Adam(List.of(p()), 1e-3, 0.9, 0.999, 1e-8, 0, true), "Adam", "amsgrad");
    fails(() -> new AdamW(List.of(p()), 1e-3, 0.9, 0.999, 1e-8, 0, true), "AdamW", "amsgrad");
    fails(
        () ->
            Adam.forGroups(
                List.of(ParamGroup.of(List.of(p())).withFlag(ParamGroup.AMSGRAD, true)),
                1e-3,
                0.9,
                0.999,
                1e-8,
                0),
        "Adam",
        "amsgrad",
        "param group 0");
  }

  @Test
  void badParameterListsAreRejected() {
    fails(() -> new SGD(List.of(), 0.1), "SGD", "empty parameter list");
    fails(() -> new SGD(null, 0.1), "SGD", "params must not be null");
    Tensor shared = p();
    fails(() -> new SGD(List.of(shared, shared), 0.1), "SGD", "more than one parameter group");
    fails(
        () ->
            SGD.forGroups(
                List.of(ParamGroup.of(List.of(shared)), ParamGroup.of(List.of(shared))),
                0.1,
                0,
                0,
                0,
                false),
        "more than one parameter group",
        "param group 1");
    Tensor leaf = p();
    Tensor nonLeaf = leaf.mul(2.0);
    fails(() -> new Adam(List.of(nonLeaf)), "Adam", "non-leaf");
    List<Tensor> withNull = new ArrayList<>();
    withNull.add(null);
    fails(() -> new SGD(withNull, 0.1), "ParamGroup", "parameter 0 is null");
  }

  @Test
  void unknownGroupOptionsAreRejected() {
    fails(
        () ->
            SGD.forGroups(
                List.of(ParamGroup.of(List.of(p())).with("lrr", 0.1)), 0.1, 0, 0, 0, false),
        "SGD",
        "unknown option 'lrr'",
        "lr");
    fails(
        () ->
            Adam.forGroups(
                List.of(ParamGroup.of(List.of(p())).with(ParamGroup.MOMENTUM, 0.9)),
                0.1,
                0.9,
                0.999,
                1e-8,
                0),
        "Adam",
        "unknown option 'momentum'");
    ParamGroup g = new SGD(List.of(p()), 0.1).paramGroups().get(0);
    fails(() -> g.set(ParamGroup.BETA1, 0.9), "ParamGroup.set", "beta1");
    fails(() -> g.get("betas"), "ParamGroup.get", "betas");
  }

  @Test
  void optionsWrittenBetweenStepsAreCheckedAtTheNextStep() {
    Tensor w = p();
    SGD opt = new SGD(List.of(w), 0.1, 0.9, 0, 0, true);
    opt.paramGroups().get(0).set(ParamGroup.MOMENTUM, 0);
    w.setGrad(Tensors.ones(2));
    fails(opt::step, "SGD", "Nesterov", "param group 0");
    Adam adam = new Adam(List.of(w));
    adam.paramGroups().get(0).setLr(-0.5);
    fails(adam::step, "Adam", "learning rate", "-0.5");
  }
}
