package io.jgrad.nn.optim.lr;

import io.jgrad.nn.optim.Optimizer;
import java.util.function.IntToDoubleFunction;

/**
 * Each group's lr is its base lr times a user function of the epoch, like {@code
 * torch.optim.lr_scheduler.LambdaLR}: {@code lr(epoch) = base_lr * lambda(epoch)}. The function is
 * not part of the state dict; pass the same one when resuming.
 */
public final class LambdaLR extends LRScheduler {
  private final IntToDoubleFunction lambda;

  /**
   * LambdaLR; sets epoch 0 (so {@code lambda} is called once here).
   *
   * @throws IllegalArgumentException when {@code lambda} is null
   */
  public LambdaLR(Optimizer optimizer, IntToDoubleFunction lambda) {
    super(optimizer);
    if (lambda == null) {
      throw new IllegalArgumentException("LambdaLR: lr_lambda must not be null");
    }
    this.lambda = lambda;
    initialStep();
  }

  /**
   * {@code base_lr * lambda(epoch)}.
   *
   * @throws IllegalStateException when the function returns NaN or an infinity
   */
  @Override
  public double lrAt(int epoch, int group) {
    checkArgs(epoch, group);
    double factor = lambda.applyAsDouble(epoch);
    if (!Double.isFinite(factor)) {
      throw new IllegalStateException(
          "LambdaLR: lr_lambda(" + epoch + ") returned " + factor + ", expected a finite factor");
    }
    return baseLr(group) * factor;
  }
}
