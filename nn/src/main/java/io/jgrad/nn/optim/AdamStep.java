package io.jgrad.nn.optim;

import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.params.AdamParams;
import io.jgrad.functional.OptimizerUpdates;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The parts {@link Adam} and {@link AdamW} share: defaults, validation and the update loop. */
final class AdamStep {
  /** First-moment buffer name. */
  static final String EXP_AVG = "exp_avg";

  /** Second-moment buffer name. */
  static final String EXP_AVG_SQ = "exp_avg_sq";

  /** Both buffer names. */
  static final Set<String> BUFFERS = Set.of(EXP_AVG, EXP_AVG_SQ);

  private AdamStep() {}

  static Map<String, Double> defaults(
      double lr, double beta1, double beta2, double eps, double weightDecay) {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put(ParamGroup.LR, lr);
    d.put(ParamGroup.BETA1, beta1);
    d.put(ParamGroup.BETA2, beta2);
    d.put(ParamGroup.EPS, eps);
    d.put(ParamGroup.WEIGHT_DECAY, weightDecay);
    return d;
  }

  static Map<String, Boolean> flagDefaults(boolean amsgrad) {
    return Map.of(ParamGroup.AMSGRAD, amsgrad);
  }

  /** PyTorch's checks, plus finiteness, plus the AMSGrad rejection. */
  static void validate(Optimizer o, ParamGroup g, int index) {
    double lr = g.get(ParamGroup.LR);
    double b1 = g.get(ParamGroup.BETA1);
    double b2 = g.get(ParamGroup.BETA2);
    double eps = g.get(ParamGroup.EPS);
    double wd = g.get(ParamGroup.WEIGHT_DECAY);
    o.require(
        lr >= 0 && lr < Double.POSITIVE_INFINITY,
        index,
        "invalid learning rate lr=" + lr + " (must be finite and >= 0)");
    o.require(
        eps >= 0 && eps < Double.POSITIVE_INFINITY,
        index,
        "invalid epsilon value " + eps + " (must be finite and >= 0)");
    o.require(
        b1 >= 0 && b1 < 1,
        index,
        "invalid beta parameter at index 0: " + b1 + " (beta1 must be in [0, 1))");
    o.require(
        b2 >= 0 && b2 < 1,
        index,
        "invalid beta parameter at index 1: " + b2 + " (beta2 must be in [0, 1))");
    o.require(
        wd >= 0 && wd < Double.POSITIVE_INFINITY,
        index,
        "invalid weight_decay value " + wd + " (must be finite and >= 0)");
    o.require(
        !g.flag(ParamGroup.AMSGRAD), index, "amsgrad=true is not supported; use amsgrad=false");
  }

  /** One Adam ({@code decoupled=false}) or AdamW step of every parameter with a gradient. */
  static void run(Optimizer o, boolean decoupled) {
    o.validateGroups();
    for (ParamGroup g : o.paramGroups()) {
      AdamParams hp =
          new AdamParams(
              g.lr(),
              g.get(ParamGroup.BETA1),
              g.get(ParamGroup.BETA2),
              g.get(ParamGroup.EPS),
              g.get(ParamGroup.WEIGHT_DECAY),
              decoupled);
      for (Tensor p : g.params()) {
        Tensor grad = p.grad();
        if (grad == null) {
          continue;
        }
        ParamState s = o.state(p);
        Tensor m = s == null ? null : s.buffer(EXP_AVG);
        Tensor v = s == null ? null : s.buffer(EXP_AVG_SQ);
        m = m != null ? m : Tensors.zeros(p.shape(), p.device());
        v = v != null ? v : Tensors.zeros(p.shape(), p.device());
        long step = (s == null ? 0 : s.step()) + 1;
        OptimizerUpdates.adam(p, grad, m, v, hp, Math.toIntExact(step));
        s = o.stateOrCreate(p);
        s.put(EXP_AVG, m);
        s.put(EXP_AVG_SQ, v);
        s.setStep(step);
      }
    }
  }
}
