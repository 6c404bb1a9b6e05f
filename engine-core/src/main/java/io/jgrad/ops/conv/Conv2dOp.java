package io.jgrad.ops.conv;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ConvKernels;
import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.util.Checks;

/**
 * 2-D convolution (cross-correlation, as torch.nn.functional.conv2d) with stride, zero padding,
 * dilation and groups. Backward is the three cuDNN-style kernels: data, weight and bias; the input
 * gradient is skipped when the input needs none (the first layer).
 */
public final class Conv2dOp extends Function {
  private Storage input;
  private Storage weight;
  private Conv2dParams p;

  /**
   * The convolution of x [N, C_in, H, W] with weight [C_out, C_in/groups, kH, kW].
   *
   * @param bias [C_out] or null
   * @param stride [sH, sW] (or one value), each ≥ 1
   * @param padding [pH, pW] (or one value), each ≥ 0
   * @param dilation [dH, dW] (or one value), each ≥ 1
   * @param groups ≥ 1, dividing C_in and C_out
   */
  public static Tensor apply(
      Tensor x,
      Tensor weight,
      Tensor bias,
      int[] stride,
      int[] padding,
      int[] dilation,
      int groups) {
    Conv2dParams p = params(x, weight, bias, stride, padding, dilation, groups);
    Conv2dOp op = new Conv2dOp();
    op.input = x.storage();
    op.weight = weight.storage();
    op.p = p;
    Storage y =
        x.backend().conv().forward(op.input, op.weight, bias == null ? null : bias.storage(), p);
    Shape out = Shape.of(p.batch(), p.outChannels(), p.outH(), p.outW());
    return bias == null ? op.record(y, out, x, weight) : op.record(y, out, x, weight, bias);
  }

  /** Validates the arguments and derives the kernel parameters. */
  static Conv2dParams params(
      Tensor x, Tensor w, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
    String op = "conv2d";
    Checks.rank(op, "input", x, 4, "[N, C_in, H, W]");
    Checks.rank(op, "weight", w, 4, "[C_out, C_in/groups, kH, kW]");
    Checks.sameDevice(op, x, w);
    int[] s = Checks.pair(op, "stride", stride, 1);
    int[] pad = Checks.pair(op, "padding", padding, 0);
    int[] d = Checks.pair(op, "dilation", dilation, 1);
    Checks.check(groups >= 1, op, "groups must be >= 1, got " + groups);
    int cin = x.dim(1);
    int cout = w.dim(0);
    Checks.check(
        cin % groups == 0 && cout % groups == 0,
        op,
        "groups "
            + groups
            + " must divide both input channels "
            + cin
            + " and output channels "
            + cout
            + " (input "
            + x.shape()
            + ", weight "
            + w.shape()
            + ")");
    Checks.check(
        w.dim(1) * groups == cin,
        op,
        "input "
            + x.shape()
            + " has "
            + cin
            + " channels but weight "
            + w.shape()
            + " with groups "
            + groups
            + " expects "
            + (w.dim(1) * groups));
    if (bias != null) {
      Checks.sameDevice(op, x, bias);
      Checks.sameShape(op, "bias", Shape.of(cout), bias.shape());
    }
    Conv2dParams p =
        new Conv2dParams(
            x.dim(0), cin, x.dim(2), x.dim(3), cout, w.dim(2), w.dim(3), s[0], s[1], pad[0], pad[1],
            d[0], d[1], groups);
    int effH = d[0] * (w.dim(2) - 1) + 1;
    int effW = d[1] * (w.dim(3) - 1) + 1;
    Checks.check(
        x.dim(2) + 2 * pad[0] >= effH && x.dim(3) + 2 * pad[1] >= effW,
        op,
        "kernel "
            + effH
            + "x"
            + effW
            + " (dilated) is larger than the padded input "
            + (x.dim(2) + 2 * pad[0])
            + "x"
            + (x.dim(3) + 2 * pad[1])
            + " (input "
            + x.shape()
            + ", weight "
            + w.shape()
            + ")");
    return p;
  }

  @Override
  protected Storage[] backward(Storage g) {
    ConvKernels k = backend().conv();
    Storage gx = needsInputGrad(0) ? k.backwardData(g, weight, p) : null;
    Storage gw = needsInputGrad(1) ? k.backwardWeight(g, input, p) : null;
    if (inputCount() == 3) {
      return grads(gx, gw, needsInputGrad(2) ? k.backwardBias(g, p) : null);
    }
    return grads(gx, gw);
  }

  @Override
  protected void releaseSaved() {
    input = null;
    weight = null;
  }
}
