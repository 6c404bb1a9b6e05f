package io.jgrad.nn.optim;

import io.jgrad.Tensor;
import java.util.List;
import java.util.Set;

/**
 * Adam with L2 weight decay added to the gradient, exactly {@code torch.optim.Adam} of PyTorch 1.13
 * with {@code amsgrad=false} (t counts this parameter's steps from 1):
 *
 * <pre>
 * g = g + weight_decay * p
 * m = beta1 * m + (1 - beta1) * g ;  v = beta2 * v + (1 - beta2) * g * g
 * p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * The buffers {@code exp_avg} (m) and {@code exp_avg_sq} (v) start at zero on the parameter's
 * device at its first update. Group options: {@code lr}, {@code beta1}, {@code beta2}, {@code eps},
 * {@code weight_decay} and the flag {@code amsgrad} (only {@code false} is supported).
 */
public final class Adam extends Optimizer {
  private Adam(
      List<ParamGroup> groups,
      boolean amsgrad,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    super(
        "Adam",
        groups,
        AdamStep.defaults(lr, beta1, beta2, eps, weightDecay),
        AdamStep.flagDefaults(amsgrad));
  }

  /** Adam with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
  public Adam(List<Tensor> params) {
    this(params, 1e-3);
  }

  /** Adam with PyTorch's default betas (0.9, 0.999), eps 1e-8 and no weight decay. */
  public Adam(List<Tensor> params, double lr) {
    this(params, lr, 0.9, 0.999, 1e-8, 0);
  }

  /**
   * Adam with every supported option.
   *
   * @throws IllegalArgumentException for a negative lr, eps or weight decay, or a beta outside [0,
   *     1)
   */
  public Adam(
      List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
    this(params, lr, beta1, beta2, eps, weightDecay, false);
  }

  /**
   * Adam with the {@code amsgrad} switch of PyTorch's signature.
   *
   * @throws IllegalArgumentException when {@code amsgrad} is true (not supported), or as above
   */
  public Adam(
      List<Tensor> params,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean amsgrad) {
    this(singleGroup("Adam", params), amsgrad, lr, beta1, beta2, eps, weightDecay);
  }

  /**
   * Adam over parameter groups; options a group does not set come from the arguments.
   *
   * @throws IllegalArgumentException as the list constructor, per group
   */
  public static Adam forGroups(
      List<ParamGroup> groups,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    return new Adam(groups, false, lr, beta1, beta2, eps, weightDecay);
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

  /** One Adam update of every parameter with a gradient. */
  @Override
  public void step() {
    AdamStep.run(this, false);
  }
}
