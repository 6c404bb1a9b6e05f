package io.jgrad.ops.dropout;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.DropoutKernels;
import io.jgrad.util.Checks;

/**
 * Inverted dropout: each element (or, for dropout2d, each channel) is zeroed with probability p and
 * the rest scaled by 1/(1-p). Identity when not training or p = 0. The backward applies the same
 * mask.
 */
public final class DropoutOp extends Function {
  private Storage mask;
  private double p;
  private boolean channelwise;
  private io.jgrad.Shape shape;

  /** Dropout of x with probability p, drawing from {@code generator}. */
  public static Tensor apply(
      Tensor x, double p, boolean training, boolean channelwise, Generator generator) {
    String op = channelwise ? "dropout2d" : "dropout";
    Checks.check(p >= 0 && p <= 1, op, "probability must be in [0, 1], got " + p);
    if (channelwise) {
      Checks.check(x.rank() >= 2, op, "input must be [N, C, ...], got shape " + x.shape());
    }
    if (!training || p == 0) {
      return x;
    }
    Checks.check(generator != null, op, "a Generator is needed in training mode");
    DropoutOp fn = new DropoutOp();
    fn.p = p;
    fn.channelwise = channelwise;
    fn.shape = x.shape();
    DropoutKernels.Result r =
        x.backend().dropout().forward(x.storage(), x.shape(), p, channelwise, generator);
    fn.mask = r.mask();
    return fn.record(r.output(), x.shape(), x);
  }

  @Override
  public String name() {
    return channelwise ? "dropout2d" : "dropout";
  }

  @Override
  protected Storage[] backward(Storage g) {
    return grads(backend().dropout().backward(g, mask, shape, p, channelwise));
  }

  @Override
  protected void releaseSaved() {
    if (mask != null) {
      mask.close(); // the kernel made it for this op alone
      mask = null;
    }
  }
}
