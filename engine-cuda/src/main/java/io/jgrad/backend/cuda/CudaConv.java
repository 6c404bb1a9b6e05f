package io.jgrad.backend.cuda;

import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.CudaErrors;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.ConvKernels;
import io.jgrad.backend.params.Conv2dParams;
import java.util.function.ToIntFunction;
import jcuda.Pointer;
import jcuda.jcudnn.JCudnn;

/**
 * 2-D convolution through cuDNN: forward, backward data, backward filter and backward bias. One
 * {@link ConvPlan} per shape caches the descriptors and, per direction, the algorithm found by
 * timing on first use; the thread's {@link Workspace} grows to what the chosen algorithm needs.
 */
final class CudaConv implements ConvKernels {
  private final CudaBackend backend;
  private final DescCache<Conv2dParams, ConvPlan> plans;

  CudaConv(CudaBackend backend) {
    this.backend = backend;
    this.plans = new DescCache<>(p -> new ConvPlan(p, CudaBackend.ALLOW_TF32));
  }

  @Override
  public Storage forward(Storage input, Storage weight, Storage bias, Conv2dParams p) {
    CudaStorage x = CudaStorage.of(input, "conv2d forward input");
    CudaStorage w = CudaStorage.of(weight, "conv2d forward weight");
    CudaStorage b = CudaStorage.ofNullable(bias, "conv2d forward bias");
    check("forward input", x.size(), p.inputSize(), p);
    check("forward weight", w.size(), p.weightSize(), p);
    if (b != null) {
      check("forward bias", b.size(), p.outChannels(), p);
    }
    ConvPlan plan = plans.get(p);
    CudaStorage y = backend.allocate(p.outputSize());
    StreamContext sc = backend.stream();
    Pointer px = x.pointer(sc);
    Pointer pw = w.pointer(sc);
    Pointer py = y.pointer(sc);
    ConvPlan.Algo algo =
        plan.forward.get(() -> ConvAlgorithms.forward(backend, sc, plan, px, pw, py));
    run(
        sc,
        algo,
        ws ->
            JCudnn.cudnnConvolutionForward(
                sc.cudnn(),
                CudaBackend.ONE,
                plan.input.get(),
                px,
                plan.filter.get(),
                pw,
                plan.conv.get(),
                algo.algo(),
                ws,
                algo.workspaceBytes(),
                CudaBackend.ZERO,
                plan.output.get(),
                py),
        "forward",
        "cudnnConvolutionForward",
        p);
    if (b != null) {
      CudaErrors.cudnn(
          JCudnn.cudnnAddTensor(
              sc.cudnn(),
              CudaBackend.ONE,
              plan.bias.get(),
              b.pointer(sc),
              CudaBackend.ONE,
              plan.output.get(),
              py),
          "conv2d forward bias (cudnnAddTensor) for " + p);
    }
    CudaStorage.keepAlive(x, w, b);
    return y;
  }

  @Override
  public Storage backwardData(Storage gradOut, Storage weight, Conv2dParams p) {
    CudaStorage dy = CudaStorage.of(gradOut, "conv2d backwardData gradOut");
    CudaStorage w = CudaStorage.of(weight, "conv2d backwardData weight");
    check("backwardData gradOut", dy.size(), p.outputSize(), p);
    check("backwardData weight", w.size(), p.weightSize(), p);
    ConvPlan plan = plans.get(p);
    CudaStorage dx = backend.allocate(p.inputSize());
    StreamContext sc = backend.stream();
    Pointer pdy = dy.pointer(sc);
    Pointer pw = w.pointer(sc);
    Pointer pdx = dx.pointer(sc);
    ConvPlan.Algo algo =
        plan.backwardData.get(() -> ConvAlgorithms.backwardData(backend, sc, plan, pw, pdy, pdx));
    run(
        sc,
        algo,
        ws ->
            JCudnn.cudnnConvolutionBackwardData(
                sc.cudnn(),
                CudaBackend.ONE,
                plan.filter.get(),
                pw,
                plan.output.get(),
                pdy,
                plan.conv.get(),
                algo.algo(),
                ws,
                algo.workspaceBytes(),
                CudaBackend.ZERO,
                plan.input.get(),
                pdx),
        "backward data",
        "cudnnConvolutionBackwardData",
        p);
    CudaStorage.keepAlive(dy, w);
    return dx;
  }

  @Override
  public Storage backwardWeight(Storage gradOut, Storage input, Conv2dParams p) {
    CudaStorage dy = CudaStorage.of(gradOut, "conv2d backwardWeight gradOut");
    CudaStorage x = CudaStorage.of(input, "conv2d backwardWeight input");
    check("backwardWeight gradOut", dy.size(), p.outputSize(), p);
    check("backwardWeight input", x.size(), p.inputSize(), p);
    ConvPlan plan = plans.get(p);
    CudaStorage dw = backend.allocate(p.weightSize());
    StreamContext sc = backend.stream();
    Pointer pdy = dy.pointer(sc);
    Pointer px = x.pointer(sc);
    Pointer pdw = dw.pointer(sc);
    ConvPlan.Algo algo =
        plan.backwardFilter.get(
            () -> ConvAlgorithms.backwardFilter(backend, sc, plan, px, pdy, pdw));
    run(
        sc,
        algo,
        ws ->
            JCudnn.cudnnConvolutionBackwardFilter(
                sc.cudnn(),
                CudaBackend.ONE,
                plan.input.get(),
                px,
                plan.output.get(),
                pdy,
                plan.conv.get(),
                algo.algo(),
                ws,
                algo.workspaceBytes(),
                CudaBackend.ZERO,
                plan.filter.get(),
                pdw),
        "backward filter",
        "cudnnConvolutionBackwardFilter",
        p);
    CudaStorage.keepAlive(dy, x);
    return dw;
  }

  @Override
  public Storage backwardBias(Storage gradOut, Conv2dParams p) {
    CudaStorage dy = CudaStorage.of(gradOut, "conv2d backwardBias gradOut");
    check("backwardBias gradOut", dy.size(), p.outputSize(), p);
    ConvPlan plan = plans.get(p);
    CudaStorage db = backend.allocate(p.outChannels());
    StreamContext sc = backend.stream();
    CudaErrors.cudnn(
        JCudnn.cudnnConvolutionBackwardBias(
            sc.cudnn(),
            CudaBackend.ONE,
            plan.output.get(),
            dy.pointer(sc),
            CudaBackend.ZERO,
            plan.bias.get(),
            db.pointer(sc)),
        "conv2d backward bias (cudnnConvolutionBackwardBias) for " + p);
    CudaStorage.keepAlive(dy);
    return db;
  }

  /**
   * Grows the thread's workspace to what {@code algo} needs and runs the cuDNN call on it; a
   * failure names the direction, the cuDNN function, the algorithm and the shape.
   */
  private void run(
      StreamContext sc,
      ConvPlan.Algo algo,
      ToIntFunction<Pointer> call,
      String direction,
      String function,
      Conv2dParams p) {
    Pointer ws = backend.workspace(sc).ensure(algo.workspaceBytes(), sc);
    CudaErrors.cudnn(
        call.applyAsInt(ws),
        "conv2d " + direction + " (" + function + ", algo " + algo.algo() + ") for " + p);
  }

  private static void check(String what, int actual, int expected, Conv2dParams p) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          "conv2d " + what + " has " + actual + " elements, expected " + expected + " for " + p);
    }
  }
}
