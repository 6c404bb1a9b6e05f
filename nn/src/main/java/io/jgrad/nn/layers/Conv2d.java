package io.jgrad.nn.layers;

import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.Backends;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;
import io.jgrad.nn.init.Init;

/**
 * 2-D convolution over [N, C_in, H, W], like {@code torch.nn.Conv2d}: parameters {@code weight}
 * [C_out, C_in/groups, kH, kW] and (unless {@code bias=false}) {@code bias} [C_out], initialized as
 * PyTorch does (U(±1/sqrt(fan_in)) for both, see {@link Init#defaultLayerInit}). Output size per
 * axis: floor((n + 2p - d(k-1) - 1) / s) + 1.
 *
 * <p>The common forms are constructors; dilation, groups, non-square windows or an explicit
 * generator together go through {@link #builder}.
 */
public class Conv2d extends Module {
  private final int inChannels;
  private final int outChannels;
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;
  private final int[] dilation;
  private final int groups;
  private final String paddingMode;
  private final int[] extraPadding;

  /** Stride 1, no padding, with bias, default generator. */
  public Conv2d(int inChannels, int outChannels, int kernelSize) {
    this(builder(inChannels, outChannels, kernelSize));
  }

  /** Stride 1, no padding. */
  public Conv2d(int inChannels, int outChannels, int kernelSize, boolean bias) {
    this(builder(inChannels, outChannels, kernelSize).bias(bias));
  }

  /** Stride 1 with {@code padding} "same" (output as large as the input) or "valid" (none). */
  public Conv2d(int inChannels, int outChannels, int kernelSize, String padding) {
    this(builder(inChannels, outChannels, kernelSize).padding(padding));
  }

  /** Square stride and padding, with bias. */
  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding) {
    this(builder(inChannels, outChannels, kernelSize).stride(stride).padding(padding));
  }

  /** Square stride and padding. */
  public Conv2d(
      int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias) {
    this(builder(inChannels, outChannels, kernelSize).stride(stride).padding(padding).bias(bias));
  }

  /** Square stride and padding, initialized from {@code generator}. */
  public Conv2d(
      int inChannels,
      int outChannels,
      int kernelSize,
      int stride,
      int padding,
      boolean bias,
      Generator generator) {
    this(
        builder(inChannels, outChannels, kernelSize)
            .stride(stride)
            .padding(padding)
            .bias(bias)
            .generator(generator));
  }

  /** A builder for every option: stride, padding, dilation, groups, bias, generator. */
  public static Builder builder(int inChannels, int outChannels, int kernelSize) {
    return new Builder(inChannels, outChannels, new int[] {kernelSize, kernelSize});
  }

  /** A builder with a non-square kernel [kH, kW]. */
  public static Builder builder(int inChannels, int outChannels, int kernelH, int kernelW) {
    return new Builder(inChannels, outChannels, new int[] {kernelH, kernelW});
  }

  private Conv2d(Builder b) {
    String l = "Conv2d";
    if (b.in < 1 || b.out < 1) {
      throw new IllegalArgumentException(
          l + ": in_channels and out_channels must be >= 1, got " + b.in + " and " + b.out);
    }
    if (b.groups < 1 || b.in % b.groups != 0 || b.out % b.groups != 0) {
      throw new IllegalArgumentException(
          l
              + ": groups "
              + b.groups
              + " must be >= 1 and divide in_channels "
              + b.in
              + " and out_channels "
              + b.out);
    }
    this.inChannels = b.in;
    this.outChannels = b.out;
    this.kernel = Reprs.pair(l, "kernel_size", b.kernel, 1);
    this.stride = Reprs.pair(l, "stride", b.stride, 1);
    this.dilation = Reprs.pair(l, "dilation", b.dilation, 1);
    this.paddingMode = b.paddingMode;
    if ("same".equals(b.paddingMode)) {
      if (stride[0] != 1 || stride[1] != 1) {
        throw new IllegalArgumentException(
            l + ": padding=\"same\" needs stride 1, got stride " + Reprs.tuple(stride));
      }
      this.padding = SamePadding.symmetric(kernel, dilation);
      this.extraPadding = SamePadding.extra(kernel, dilation);
    } else {
      this.padding = Reprs.pair(l, "padding", b.padding, 0);
      this.extraPadding = new int[] {0, 0};
    }
    this.groups = b.groups;
    Generator gen = b.generator != null ? b.generator : Init.defaultGenerator();
    var device = Backends.defaultDevice();
    Shape ws = Shape.of(outChannels, inChannels / groups, kernel[0], kernel[1]);
    Tensor w = registerParameter("weight", Tensors.zeros(ws, device));
    Tensor bias =
        registerParameter("bias", b.bias ? Tensors.zeros(Shape.of(outChannels), device) : null);
    Init.defaultLayerInit(w, bias, gen);
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor in =
        extraPadding[0] + extraPadding[1] == 0 || x.rank() != 4
            ? x
            : SamePadding.padBottomRight(x, extraPadding);
    return Functional.conv2d(in, weight(), bias(), stride, padding, dilation, groups);
  }

  /** The weight [C_out, C_in/groups, kH, kW]. */
  public Tensor weight() {
    return parameter("weight");
  }

  /** The bias [C_out], or null when built with {@code bias=false}. */
  public Tensor bias() {
    return parameter("bias");
  }

  /** Input channels. */
  public int inChannels() {
    return inChannels;
  }

  /** Output channels. */
  public int outChannels() {
    return outChannels;
  }

  /** [kH, kW]. */
  public int[] kernelSize() {
    return kernel.clone();
  }

  /** [sH, sW]. */
  public int[] stride() {
    return stride.clone();
  }

  /** [pH, pW] (zero padding on each side; "same" adds one more row/column for even kernels). */
  public int[] padding() {
    return padding.clone();
  }

  /** Zero rows below and columns right added by padding "same" for an even window: [eH, eW]. */
  public int[] extraPadding() {
    return extraPadding.clone();
  }

  /** [dH, dW]. */
  public int[] dilation() {
    return dilation.clone();
  }

  /** Number of channel groups. */
  public int groups() {
    return groups;
  }

  @Override
  protected String extraRepr() {
    StringBuilder s = new StringBuilder();
    s.append(inChannels).append(", ").append(outChannels);
    s.append(", kernel_size=").append(Reprs.tuple(kernel));
    s.append(", stride=").append(Reprs.tuple(stride));
    if (paddingMode != null) {
      s.append(", padding=").append(paddingMode);
    } else if (padding[0] != 0 || padding[1] != 0) {
      s.append(", padding=").append(Reprs.tuple(padding));
    }
    if (dilation[0] != 1 || dilation[1] != 1) {
      s.append(", dilation=").append(Reprs.tuple(dilation));
    }
    if (groups != 1) {
      s.append(", groups=").append(groups);
    }
    if (bias() == null) {
      s.append(", bias=False");
    }
    return s.toString();
  }

  /** Options of a {@link Conv2d}; defaults as PyTorch: stride 1, padding 0, bias on. */
  public static final class Builder {
    private final int in;
    private final int out;
    private final int[] kernel;
    private int[] stride = {1};
    private int[] padding = {0};
    private String paddingMode;
    private int[] dilation = {1};
    private int groups = 1;
    private boolean bias = true;
    private Generator generator;

    private Builder(int in, int out, int[] kernel) {
      this.in = in;
      this.out = out;
      this.kernel = kernel;
    }

    /** Stride, one value or [sH, sW]. */
    public Builder stride(int... s) {
      this.stride = s.clone();
      return this;
    }

    /** Zero padding, one value or [pH, pW]. */
    public Builder padding(int... p) {
      this.padding = p.clone();
      this.paddingMode = null;
      return this;
    }

    /** Padding "same" (stride 1 only; output size = input size) or "valid" (no padding). */
    public Builder padding(String mode) {
      if (!"same".equals(mode) && !"valid".equals(mode)) {
        throw new IllegalArgumentException(
            "Conv2d: padding must be \"same\", \"valid\" or numbers, got \"" + mode + "\"");
      }
      this.paddingMode = mode;
      this.padding = new int[] {0};
      return this;
    }

    /** Dilation, one value or [dH, dW]. */
    public Builder dilation(int... d) {
      this.dilation = d.clone();
      return this;
    }

    /** Number of groups (must divide both channel counts). */
    public Builder groups(int g) {
      this.groups = g;
      return this;
    }

    /** Whether to learn an additive bias. */
    public Builder bias(boolean b) {
      this.bias = b;
      return this;
    }

    /** The generator for initialization (default {@link Init#defaultGenerator()}). */
    public Builder generator(Generator g) {
      this.generator = g;
      return this;
    }

    /** The layer. */
    public Conv2d build() {
      return new Conv2d(this);
    }
  }
}
