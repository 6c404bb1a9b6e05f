package io.jgrad.benchmarks.e2e;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.params.AdaptivePool2dParams;
import io.jgrad.backend.params.BatchNormParams;
import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.backend.params.Pool2dParams;
import io.jgrad.benchmarks.e2e.NetworkProfile.Layer;
import io.jgrad.benchmarks.support.Inputs;
import io.jgrad.nn.Module;
import io.jgrad.nn.layers.AdaptiveAvgPool2d;
import io.jgrad.nn.layers.AvgPool2d;
import io.jgrad.nn.layers.BatchNorm2d;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.Dropout2d;
import io.jgrad.nn.layers.DropoutNd;
import io.jgrad.nn.layers.GlobalAvgPool2d;
import io.jgrad.nn.layers.Linear;
import io.jgrad.nn.layers.LogSoftmax;
import io.jgrad.nn.layers.MaxPool2d;
import io.jgrad.nn.layers.ReLU;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernels one layer of a training step calls, with the layer's exact shapes, as the
 * differentiable ops call them (forward, then the backward kernels the needs-grad mask asks for).
 * Views ({@code Flatten}, {@code Identity}) and dropout with p = 0 call none. Inputs are seeded
 * random buffers on the given backend.
 */
public final class LayerKernels {
  private LayerKernels() {}

  /** The kernel calls of layer {@code l} on backend {@code b}; empty for an unknown layer type. */
  public static List<KernelCase> of(Layer l, Backend b) {
    Module m = l.module();
    List<KernelCase> out = new ArrayList<>();
    if (m instanceof Conv2d) {
      conv(l, b, out);
    } else if (m instanceof BatchNorm2d) {
      norm(l, (BatchNorm2d) m, b, out);
    } else if (m instanceof ReLU) {
      Storage x = Inputs.randn(b, l.in().numel(), 1.0, 11);
      Storage y = b.elementwise().unary(UnaryOp.RELU, x);
      Storage g = Inputs.randn(b, l.out().numel(), 1.0, 12);
      out.add(fwd("relu", () -> one(b.elementwise().unary(UnaryOp.RELU, x))));
      if (l.needsInputGrad()) {
        out.add(
            bwd(
                "relu.backward",
                0,
                () -> one(b.elementwise().binary(BinaryOp.RELU_BACKWARD, y, g))));
      }
    } else if (m instanceof MaxPool2d) {
      MaxPool2d mp = (MaxPool2d) m;
      Pool2dParams p = pool(l, mp.kernelSize(), mp.stride(), mp.padding(), false);
      Storage x = Inputs.randn(b, p.inputSize(), 1.0, 13);
      Storage y = b.pool().maxForward(x, p);
      Storage g = Inputs.randn(b, p.outputSize(), 1.0, 14);
      out.add(fwd("pool.maxForward", () -> one(b.pool().maxForward(x, p))));
      if (l.needsInputGrad()) {
        out.add(bwd("pool.maxBackward", 0, () -> one(b.pool().maxBackward(g, x, y, p))));
      }
    } else if (m instanceof AvgPool2d) {
      AvgPool2d ap = (AvgPool2d) m;
      Pool2dParams p = pool(l, ap.kernelSize(), ap.stride(), ap.padding(), ap.countIncludePad());
      Storage x = Inputs.randn(b, p.inputSize(), 1.0, 13);
      Storage g = Inputs.randn(b, p.outputSize(), 1.0, 14);
      out.add(fwd("pool.avgForward", () -> one(b.pool().avgForward(x, p))));
      if (l.needsInputGrad()) {
        out.add(bwd("pool.avgBackward", 0, () -> one(b.pool().avgBackward(g, p))));
      }
    } else if (m instanceof GlobalAvgPool2d || m instanceof AdaptiveAvgPool2d) {
      Shape i = l.in();
      AdaptivePool2dParams p =
          new AdaptivePool2dParams(
              i.dim(0), i.dim(1), i.dim(2), i.dim(3), l.out().dim(2), l.out().dim(3));
      Storage x = Inputs.randn(b, i.numel(), 1.0, 13);
      Storage g = Inputs.randn(b, l.out().numel(), 1.0, 14);
      out.add(fwd("pool.adaptiveAvgForward", () -> one(b.pool().adaptiveAvgForward(x, p))));
      if (l.needsInputGrad()) {
        out.add(bwd("pool.adaptiveAvgBackward", 0, () -> one(b.pool().adaptiveAvgBackward(g, p))));
      }
    } else if (m instanceof DropoutNd) {
      dropout(l, b, out);
    } else if (m instanceof Linear) {
      linear(l, (Linear) m, b, out);
    } else if (m instanceof LogSoftmax) {
      int rows = l.in().dim(0);
      int classes = l.in().numel() / rows;
      Storage x = Inputs.randn(b, l.in().numel(), 3.0, 15);
      Storage y = b.softmax().forward(x, rows, classes, 1, true);
      Storage g = Inputs.randn(b, l.in().numel(), 1.0, 16);
      out.add(fwd("logSoftmax", () -> one(b.softmax().forward(x, rows, classes, 1, true))));
      out.add(
          bwd(
              "logSoftmax.backward",
              0,
              () -> one(b.softmax().backward(g, y, rows, classes, 1, true))));
    }
    return out;
  }

  private static void conv(Layer l, Backend b, List<KernelCase> out) {
    Conv2dParams p = NetworkProfile.convParams(l);
    int fanIn = p.inPerGroup() * p.kernelH() * p.kernelW();
    Storage x = Inputs.randn(b, p.inputSize(), 1.0, 1);
    Storage w = Inputs.randn(b, p.weightSize(), Inputs.heScale(fanIn), 2);
    Storage dy = Inputs.randn(b, p.outputSize(), 1.0, 3);
    boolean bias = ((Conv2d) l.module()).bias() != null;
    Storage bs = bias ? Inputs.full(b, p.outChannels(), 0.0) : null;
    double f = 2.0 * p.macs();
    out.add(new KernelCase("conv.forward", false, f, () -> one(b.conv().forward(x, w, bs, p))));
    if (l.needsInputGrad()) {
      out.add(bwd("conv.backwardData", f, () -> one(b.conv().backwardData(dy, w, p))));
    }
    out.add(bwd("conv.backwardWeight", f, () -> one(b.conv().backwardWeight(dy, x, p))));
    if (bias) {
      out.add(bwd("conv.backwardBias", 0, () -> one(b.conv().backwardBias(dy, p))));
    }
  }

  private static void norm(Layer l, BatchNorm2d bn, Backend b, List<KernelCase> out) {
    Shape i = l.in();
    BatchNormParams p =
        new BatchNormParams(i.dim(0), i.dim(1), i.dim(2) * i.dim(3), bn.eps(), bn.momentum());
    int c = p.channels();
    Storage x = Inputs.randn(b, p.size(), 1.0, 4);
    Storage dy = Inputs.randn(b, p.size(), 1.0, 5);
    Storage gamma = bn.affine() ? Inputs.full(b, c, 1.0) : null;
    Storage beta = bn.affine() ? Inputs.full(b, c, 0.0) : null;
    Storage rm = bn.trackRunningStats() ? Inputs.full(b, c, 0.0) : null;
    Storage rv = bn.trackRunningStats() ? Inputs.full(b, c, 1.0) : null;
    NormKernels.TrainResult saved = b.norm().forwardTraining(x, gamma, beta, rm, rv, p);
    boolean[] needs = {l.needsInputGrad(), bn.affine(), bn.affine()};
    out.add(
        fwd(
            "norm.forwardTraining",
            () -> {
              NormKernels.TrainResult r = b.norm().forwardTraining(x, gamma, beta, rm, rv, p);
              return new Storage[] {r.output(), r.saveMean(), r.saveInvStd()};
            }));
    out.add(
        bwd(
            "norm.backwardTraining",
            0,
            () -> {
              NormKernels.Grads g =
                  b.norm()
                      .backwardTraining(
                          dy, x, gamma, saved.saveMean(), saved.saveInvStd(), p, needs);
              return new Storage[] {g.input(), g.weight(), g.bias()};
            }));
  }

  private static void dropout(Layer l, Backend b, List<KernelCase> out) {
    boolean channelwise = l.module() instanceof Dropout2d;
    double p = ((DropoutNd) l.module()).p();
    if (p == 0) {
      return;
    }
    Generator gen = new Generator(17);
    Shape s = l.in();
    Storage x = Inputs.randn(b, s.numel(), 1.0, 6);
    Storage g = Inputs.randn(b, s.numel(), 1.0, 7);
    Storage mask = b.dropout().forward(x, s, p, channelwise, gen).mask();
    out.add(
        fwd(
            "dropout.forward",
            () -> {
              var r = b.dropout().forward(x, s, p, channelwise, gen);
              return new Storage[] {r.output(), r.mask()};
            }));
    out.add(
        bwd("dropout.backward", 0, () -> one(b.dropout().backward(g, mask, s, p, channelwise))));
  }

  private static void linear(Layer l, Linear lin, Backend b, List<KernelCase> out) {
    int in = lin.inFeatures();
    int o = lin.outFeatures();
    int rows = l.in().numel() / in;
    Storage x = Inputs.randn(b, rows * in, 1.0, 8);
    Storage w = Inputs.randn(b, o * in, Inputs.heScale(in), 9);
    Storage g = Inputs.randn(b, rows * o, 1.0, 10);
    double f = 2.0 * rows * in * o;
    out.add(
        new KernelCase(
            "blas.matmul x*W^T",
            false,
            f,
            () -> one(b.blas().matmul(x, w, rows, in, o, false, true))));
    if (lin.bias() != null) {
      Storage bias = Inputs.full(b, o, 0.0);
      Storage y = Inputs.randn(b, rows * o, 1.0, 11);
      out.add(
          fwd(
              "copy.expand + add (bias)",
              () -> {
                Storage e = b.copy().expand(bias, Shape.of(1, o), Shape.of(rows, o));
                return new Storage[] {e, b.elementwise().binary(BinaryOp.ADD, y, e)};
              }));
    }
    if (l.needsInputGrad()) {
      out.add(
          bwd("blas.matmul g*W", f, () -> one(b.blas().matmul(g, w, rows, o, in, false, false))));
    }
    out.add(
        bwd("blas.matmul g^T*x", f, () -> one(b.blas().matmul(g, x, o, rows, in, true, false))));
    if (lin.bias() != null) {
      out.add(
          bwd(
              "reduce.sum (bias)",
              0,
              () -> one(b.reduce().sum(g, Shape.of(rows, o), new int[] {0}))));
    }
  }

  private static Pool2dParams pool(Layer l, int[] k, int[] s, int[] p, boolean includePad) {
    Shape i = l.in();
    return new Pool2dParams(
        i.dim(0), i.dim(1), i.dim(2), i.dim(3), k[0], k[1], s[0], s[1], p[0], p[1], includePad);
  }

  private static KernelCase fwd(String name, KernelCase.Call c) {
    return new KernelCase(name, false, 0, c);
  }

  private static KernelCase bwd(String name, double flops, KernelCase.Call c) {
    return new KernelCase(name, true, flops, c);
  }

  private static Storage[] one(Storage s) {
    return new Storage[] {s};
  }
}
