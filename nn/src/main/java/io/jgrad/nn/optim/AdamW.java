package io.jgrad.nn.optim;

import io.jgrad.Tensor;
import java.util.List;
import java.util.Set;

/**
 * Adam with decoupled weight decay, exactly {@code torch.optim.AdamW} of PyTorch 1.13 with {@code
 * amsgrad=false}: the parameter first shrinks, {@code p = p * (1 - lr * weight_decay)}, then takes
 * the plain Adam step of {@link Adam} on the unmodified gradient. Same buffers and group options as
 * {@link Adam}; the default weight decay is PyTorch's 1e-2.
 */
public final class AdamW extends Optimizer {
  private AdamW(
      List<ParamGroup> groups,
      boolean amsgrad,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    super(
        "AdamW",
        groups,
        AdamStep.defaults(lr, beta1, beta2, eps, weightDecay),
        AdamStep.flagDefaults(amsgrad));
  }

  /** AdamW with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2. */
  public AdamW(List<Tensor> params) {
    this(params, 1e-3);
  }

  /** AdamW with PyTorch's default betas (0.9, 0.999), eps 1e-8 and weight decay 1e-2. */
  public AdamW(List<Tensor> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, 1e-2);
  }

  /**
   * AdamW with every supported option.
   *
   * @throws IllegalArgumentException for a negative lr, eps or weight decay, or a beta outside [0,
   *     1)
   */
  public AdamW(
      List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
    this(params, lr, beta1, beta2, eps, weightDecay, false);
  }

  /**
   * AdamW with the {@code amsgrad} switch of PyTorch's signature.
   *
   * @throws IllegalArgumentException when {@code amsgrad} is true (not supported), or as above
   */
  public AdamW(
      List<Tensor> params,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean amsgrad) {
    this(singleGroup("AdamW", params), amsgrad, lr, beta1, beta2, eps, weightDecay);
  }

  /**
   * AdamW over parameter groups; options a group does not set come from the arguments.
   *
   * @throws IllegalArgumentException as the list constructor, per group
   */
  public static AdamW forGroups(
      List<ParamGroup> groups,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    return new AdamW(groups, false, lr, beta1, beta2, eps, weightDecay);
  }

  @Override
  protected void validate(ParamGroup group, int index) {
    AdamStep.validate(this, group, index);
  }

  @Override
  protected Set<String> stateBufferNames() {
    return AdamStep.BUFFERS;
  }

  @Override
  protected boolean countsSteps() {
    return true;
  }

  /** One AdamW update of every parameter with a gradient. */
  @Override
  public void step() {
    AdamStep.run(this, true);
  }
}
