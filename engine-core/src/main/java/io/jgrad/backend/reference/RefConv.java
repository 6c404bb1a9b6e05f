package io.jgrad.backend.reference;

import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ConvKernels;
import io.jgrad.backend.params.Conv2dParams;

/**
 * Reference 2-D convolution: the direct seven-loop definition in double precision. Output pixel
 * (oy, ox) of output channel oc reads input pixel (oy*s + ky*d - p, ox*s + kx*d - p) of every input
 * channel in oc's group; positions outside the input are zero padding. The backward kernels walk
 * exactly the same loops and scatter instead of gather.
 */
final class RefConv implements ConvKernels {
  private final RefBackend backend;

  RefConv(RefBackend backend) {
    this.backend = backend;
  }

  @Override
  public Storage forward(Storage input, Storage weight, Storage bias, Conv2dParams p) {
    check(p);
    double[] x = checked("input", input, p.inputSize());
    double[] w = checked("weight", weight, p.weightSize());
    double[] b = bias == null ? null : checked("bias", bias, p.outChannels());
    RefStorage out = backend.allocate(p.outputSize());
    double[] y = out.data;
    if (b != null) {
      int plane = p.outH() * p.outW();
      for (int i = 0; i < y.length; i++) {
        y[i] = b[(i / plane) % p.outChannels()];
      }
    }
    forEachTap(
        p,
        (n, oc, oy, ox, icl, ky, kx, ic, iy, ix) ->
            y[outputIndex(p, n, oc, oy, ox)] +=
                w[weightIndex(p, oc, icl, ky, kx)] * x[inputIndex(p, n, ic, iy, ix)]);
    return out;
  }

  @Override
  public Storage backwardData(Storage gradOut, Storage weight, Conv2dParams p) {
    check(p);
    double[] gy = checked("gradOut", gradOut, p.outputSize());
    double[] w = checked("weight", weight, p.weightSize());
    RefStorage out = backend.allocate(p.inputSize());
    double[] gx = out.data;
    forEachTap(
        p,
        (n, oc, oy, ox, icl, ky, kx, ic, iy, ix) ->
            gx[inputIndex(p, n, ic, iy, ix)] +=
                w[weightIndex(p, oc, icl, ky, kx)] * gy[outputIndex(p, n, oc, oy, ox)]);
    return out;
  }

  @Override
  public Storage backwardWeight(Storage gradOut, Storage input, Conv2dParams p) {
    check(p);
    double[] gy = checked("gradOut", gradOut, p.outputSize());
    double[] x = checked("input", input, p.inputSize());
    RefStorage out = backend.allocate(p.weightSize());
    double[] gw = out.data;
    forEachTap(
        p,
        (n, oc, oy, ox, icl, ky, kx, ic, iy, ix) ->
            gw[weightIndex(p, oc, icl, ky, kx)] +=
                x[inputIndex(p, n, ic, iy, ix)] * gy[outputIndex(p, n, oc, oy, ox)]);
    return out;
  }

  @Override
  public Storage backwardBias(Storage gradOut, Conv2dParams p) {
    check(p);
    double[] gy = checked("gradOut", gradOut, p.outputSize());
    RefStorage out = backend.allocate(p.outChannels());
    int plane = p.outH() * p.outW();
    for (int n = 0; n < p.batch(); n++) {
      for (int oc = 0; oc < p.outChannels(); oc++) {
        for (int i = 0; i < plane; i++) {
          out.data[oc] += gy[(n * p.outChannels() + oc) * plane + i];
        }
      }
    }
    return out;
  }

  /** One multiply of the convolution: every index involved, all inside the input. */
  @FunctionalInterface
  private interface Tap {
    void accept(int n, int oc, int oy, int ox, int icl, int ky, int kx, int ic, int iy, int ix);
  }

  /** Visits every (output pixel, kernel tap) pair whose input position is not padding. */
  private static void forEachTap(Conv2dParams p, Tap tap) {
    int cg = p.inPerGroup();
    int mg = p.outPerGroup();
    for (int n = 0; n < p.batch(); n++) {
      for (int oc = 0; oc < p.outChannels(); oc++) {
        for (int oy = 0; oy < p.outH(); oy++) {
          for (int ox = 0; ox < p.outW(); ox++) {
            for (int icl = 0; icl < cg; icl++) {
              int ic = (oc / mg) * cg + icl;
              for (int ky = 0; ky < p.kernelH(); ky++) {
                int iy = oy * p.strideH() + ky * p.dilationH() - p.padH();
                for (int kx = 0; kx < p.kernelW(); kx++) {
                  int ix = ox * p.strideW() + kx * p.dilationW() - p.padW();
                  if (iy >= 0 && iy < p.inH() && ix >= 0 && ix < p.inW()) {
                    tap.accept(n, oc, oy, ox, icl, ky, kx, ic, iy, ix);
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  private static int inputIndex(Conv2dParams p, int n, int ic, int iy, int ix) {
    return ((n * p.inChannels() + ic) * p.inH() + iy) * p.inW() + ix;
  }

  private static int outputIndex(Conv2dParams p, int n, int oc, int oy, int ox) {
    return ((n * p.outChannels() + oc) * p.outH() + oy) * p.outW() + ox;
  }

  private static int weightIndex(Conv2dParams p, int oc, int icl, int ky, int kx) {
    return ((oc * p.inPerGroup() + icl) * p.kernelH() + ky) * p.kernelW() + kx;
  }

  /** Rejects parameters no convolution can have (including a kernel larger than the input). */
  static void check(Conv2dParams p) {
    boolean valid =
        p.batch() >= 0
            && p.inChannels() > 0
            && p.outChannels() > 0
            && p.groups() > 0
            && p.inChannels() % p.groups() == 0
            && p.outChannels() % p.groups() == 0
            && p.kernelH() > 0
            && p.kernelW() > 0
            && p.strideH() > 0
            && p.strideW() > 0
            && p.dilationH() > 0
            && p.dilationW() > 0
            && p.padH() >= 0
            && p.padW() >= 0
            && p.inH() + 2 * p.padH() - p.dilationH() * (p.kernelH() - 1) - 1 >= 0
            && p.inW() + 2 * p.padW() - p.dilationW() * (p.kernelW() - 1) - 1 >= 0;
    if (!valid) {
      throw new IllegalArgumentException("conv2d: invalid parameters " + p);
    }
  }

  private static double[] checked(String what, Storage s, int size) {
    if (s == null) {
      throw new IllegalArgumentException("conv2d: " + what + " is null");
    }
    double[] d = RefStorage.data(s);
    if (d.length != size) {
      throw new IllegalArgumentException(
          "conv2d: " + what + " must have " + size + " elements, got " + d.length);
    }
    return d;
  }
}
