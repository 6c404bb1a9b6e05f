package io.jgrad.ops.norm;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.autograd.Function;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.BatchNormParams;
import io.jgrad.util.Checks;

/**
 * Batch normalization over [N, C, H, W], statistics per channel. In training the batch statistics
 * normalize (biased variance), the running statistics are updated in place (unbiased variance), and
 * the gradient flows through the statistics; in evaluation the running statistics are constants.
 *
 * <p>With {@code relu}, the op is batch norm followed by ReLU in one node: the forward kernel
 * writes max(0, BN(x)) in the same pass (the normalized values before the clamp are never stored),
 * and the backward kernel applies ReLU's mask (output &gt; 0) to the gradient inside the batch-norm
 * backward, in the buffer that becomes the input gradient. On the CPU the results are bit-identical
 * to {@code relu(batchNorm2d(x))}. {@code nn.Sequential} uses it for a BatchNorm2d followed by a
 * ReLU.
 */
public final class BatchNorm2dOp extends Function {
  private Storage input;
  private Storage output;
  private Storage weight;
  private Storage mean;
  private Storage invStdOrVar;
  private boolean training;
  private BatchNormParams p;

  /** Normalizes x, without a fused ReLU (see the overload with {@code relu}). */
  public static Tensor apply(
      Tensor x,
      Tensor weight,
      Tensor bias,
      Tensor runningMean,
      Tensor runningVar,
      boolean training,
      double momentum,
      double eps) {
    return apply(x, weight, bias, runningMean, runningVar, training, momentum, eps, false);
  }

  /**
   * Normalizes x, then applies ReLU when {@code relu} is set.
   *
   * @param weight [C] or null (not affine)
   * @param bias [C] or null (not affine)
   * @param runningMean [C] or null (no running statistics); updated in place when training
   * @param runningVar [C] or null; updated in place when training
   * @param relu whether a ReLU follows, fused into the same kernels
   */
  public static Tensor apply(
      Tensor x,
      Tensor weight,
      Tensor bias,
      Tensor runningMean,
      Tensor runningVar,
      boolean training,
      double momentum,
      double eps,
      boolean relu) {
    String op = relu ? "batch_norm2d_relu" : "batch_norm2d";
    Checks.rank(op, "input", x, 4, "[N, C, H, W]");
    int c = x.dim(1);
    Shape perChannel = Shape.of(c);
    for (Object[] arg :
        new Object[][] {
          {"weight", weight},
          {"bias", bias},
          {"running_mean", runningMean},
          {"running_var", runningVar}
        }) {
      Tensor t = (Tensor) arg[1];
      if (t != null) {
        Checks.sameDevice(op, x, t);
        Checks.sameShape(op, (String) arg[0], perChannel, t.shape());
      }
    }
    Checks.check(
        training || (runningMean != null && runningVar != null),
        op,
        "evaluation mode needs running_mean and running_var");
    Checks.check(eps > 0, op, "eps must be > 0, got " + eps);
    BatchNorm2dOp fn = new BatchNorm2dOp();
    fn.p = new BatchNormParams(x.dim(0), c, x.dim(2) * x.dim(3), eps, momentum, relu);
    Checks.check(
        !training || fn.p.perChannel() > 1,
        op,
        "expected more than 1 value per channel when training, got input " + x.shape());
    fn.training = training;
    fn.input = x.storage();
    fn.weight = weight == null ? null : weight.storage();
    Storage b = bias == null ? null : bias.storage();
    Storage rm = runningMean == null ? null : runningMean.storage();
    Storage rv = runningVar == null ? null : runningVar.storage();
    NormKernels k = x.backend().norm();
    Storage y;
    if (training) {
      NormKernels.TrainResult r = k.forwardTraining(fn.input, fn.weight, b, rm, rv, fn.p);
      y = r.output();
      fn.mean = r.saveMean();
      fn.invStdOrVar = r.saveInvStd();
    } else {
      y = k.forwardInference(fn.input, fn.weight, b, rm, rv, fn.p);
      fn.mean = rm;
      fn.invStdOrVar = rv;
    }
    fn.output = relu ? y : null;
    return fn.record(y, x.shape(), x, weight, bias);
  }

  @Override
  protected Storage[] backward(Storage g) {
    boolean[] needs = {needsInputGrad(0), needsInputGrad(1), needsInputGrad(2)};
    NormKernels k = backend().norm();
    Storage m = mean;
    Storage s = invStdOrVar;
    NormKernels.Grads r;
    if (p.relu()) {
      r =
          training
              ? k.backwardTrainingRelu(g, output, input, weight, m, s, p, needs)
              : k.backwardInferenceRelu(g, output, input, weight, m, s, p, needs);
    } else {
      r =
          training
              ? k.backwardTraining(g, input, weight, m, s, p, needs)
              : k.backwardInference(g, input, weight, m, s, p, needs);
    }
    return grads(r.input(), r.weight(), r.bias());
  }

  @Override
  public String name() {
    return p != null && p.relu() ? "BatchNorm2dRelu" : "BatchNorm2d";
  }

  @Override
  protected void releaseSaved() {
    input = null;
    output = null;
    weight = null;
    mean = null;
    invStdOrVar = null;
  }
}
