package io.jgrad.nn.optim;

import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.params.SgdParams;
import io.jgrad.functional.OptimizerUpdates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
 * decay, exactly {@code torch.optim.SGD} of PyTorch 1.13:
 *
 * <pre>
 * d = g + weight_decay * p
 * if momentum != 0:
 *     buf = d                                     (first step of this parameter)
 *     buf = momentum * buf + (1 - dampening) * d  (later steps)
 *     d = d + momentum * buf  if nesterov  else  d = buf
 * p = p - lr * d
 * </pre>
 *
 * Each parameter's {@code momentum_buffer} is created on its device at its first update with
 * momentum. Group options: {@code lr}, {@code momentum}, {@code dampening}, {@code weight_decay}
 * and the flag {@code nesterov}.
 */
public final class SGD extends Optimizer {
  /** Name of the per-parameter momentum buffer in the state dict. */
  public static final String MOMENTUM_BUFFER = "momentum_buffer";

  private SGD(
      List<ParamGroup> groups,
      boolean nesterov,
      double lr,
      double momentum,
      double dampening,
      double weightDecay) {
    super(
        "SGD",
        groups,
        sgdDefaults(lr, momentum, dampening, weightDecay),
        Map.of(ParamGroup.NESTEROV, nesterov));
  }

  /** Plain SGD, {@code p -= lr * g}. */
  public SGD(List<Tensor> params, double lr) {
    this(params, lr, 0, 0, 0, false);
  }

  /** SGD with momentum. */
  public SGD(List<Tensor> params, double lr, double momentum) {
    this(params, lr, momentum, 0, 0, false);
  }

  /**
   * SGD with every option.
   *
   * @throws IllegalArgumentException for a negative lr, momentum or weight decay, or Nesterov
   *     without momentum or with dampening
   */
  public SGD(
      List<Tensor> params,
      double lr,
      double momentum,
      double dampening,
      double weightDecay,
      boolean nesterov) {
    this(singleGroup("SGD", params), nesterov, lr, momentum, dampening, weightDecay);
  }

  /**
   * SGD over parameter groups; options a group does not set come from the arguments.
   *
   * @throws IllegalArgumentException as the list constructor, per group
   */
  public static SGD forGroups(
      List<ParamGroup> groups,
      double lr,
      double momentum,
      double dampening,
      double weightDecay,
      boolean nesterov) {
    return new SGD(groups, nesterov, lr, momentum, dampening, weightDecay);
  }

  private static Map<String, Double> sgdDefaults(double lr, double m, double damp, double wd) {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put(ParamGroup.LR, lr);
    d.put(ParamGroup.MOMENTUM, m);
    d.put(ParamGroup.DAMPENING, damp);
    d.put(ParamGroup.WEIGHT_DECAY, wd);
    return d;
  }

  @Override
  protected void validate(ParamGroup g, int index) {
    double lr = g.get(ParamGroup.LR);
    double momentum = g.get(ParamGroup.MOMENTUM);
    double dampening = g.get(ParamGroup.DAMPENING);
    double wd = g.get(ParamGroup.WEIGHT_DECAY);
    require(
        lr >= 0 && lr < Double.POSITIVE_INFINITY,
        index,
        "invalid learning rate lr=" + lr + " (must be finite and >= 0)");
    require(
        momentum >= 0 && momentum < Double.POSITIVE_INFINITY,
        index,
        "invalid momentum value " + momentum + " (must be finite and >= 0)");
    require(Double.isFinite(dampening), index, "invalid dampening " + dampening);
    require(
        wd >= 0 && wd < Double.POSITIVE_INFINITY,
        index,
        "invalid weight_decay value " + wd + " (must be finite and >= 0)");
    if (g.flag(ParamGroup.NESTEROV)) {
      require(
          momentum > 0 && dampening == 0,
          index,
          "Nesterov momentum requires a momentum and zero dampening (momentum="
              + momentum
              + ", dampening="
              + dampening
              + ")");
    }
  }

  @Override
  protected Set<String> stateBufferNames() {
    return Set.of(MOMENTUM_BUFFER);
  }

  @Override
  protected boolean countsSteps() {
    return false;
  }

  /** One SGD update of every parameter with a gradient. */
  @Override
  public void step() {
    validateGroups();
    for (ParamGroup g : paramGroups()) {
      double momentum = g.get(ParamGroup.MOMENTUM);
      SgdParams hp =
          new SgdParams(
              g.lr(),
              momentum,
              g.get(ParamGroup.DAMPENING),
              g.get(ParamGroup.WEIGHT_DECAY),
              g.flag(ParamGroup.NESTEROV));
      for (Tensor p : g.params()) {
        Tensor grad = p.grad();
        if (grad == null) {
          continue;
        }
        Tensor buf = null;
        boolean first = false;
        if (momentum != 0) {
          ParamState s = state(p);
          buf = s == null ? null : s.buffer(MOMENTUM_BUFFER);
          if (buf == null) {
            buf = Tensors.zeros(p.shape(), p.device());
            first = true;
          }
        }
        OptimizerUpdates.sgd(p, grad, buf, hp, first);
        if (first) {
          stateOrCreate(p).put(MOMENTUM_BUFFER, buf);
        }
      }
    }
  }
}
