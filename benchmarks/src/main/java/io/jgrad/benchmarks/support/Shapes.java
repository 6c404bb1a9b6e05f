package io.jgrad.benchmarks.support;

import io.jgrad.backend.params.BatchNormParams;
import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.backend.params.Pool2dParams;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the compact shape strings used as JMH {@code @Param} values. The batch size is always a
 * separate parameter; the strings describe one sample:
 *
 * <ul>
 *   <li>convolution {@code Cin x H x W -> Cout k K [s S] [p P]}, e.g. {@code 10x24x24->15k3}
 *       (stride 1, no padding unless given);
 *   <li>activation / batch norm {@code C x H x W}, e.g. {@code 15x22x22};
 *   <li>pooling {@code C x H x W k K [s S] [p P]}, e.g. {@code 15x22x22k2} (stride = window unless
 *       given);
 *   <li>matrix product {@code M x K x N}, e.g. {@code 10x90x576};
 *   <li>rows of classes {@code R x C}, e.g. {@code 128x10}.
 * </ul>
 */
public final class Shapes {
  private static final Pattern CONV =
      Pattern.compile("(\\d+)x(\\d+)x(\\d+)->(\\d+)k(\\d+)(?:s(\\d+))?(?:p(\\d+))?");
  private static final Pattern CHW = Pattern.compile("(\\d+)x(\\d+)x(\\d+)");
  private static final Pattern POOL =
      Pattern.compile("(\\d+)x(\\d+)x(\\d+)k(\\d+)(?:s(\\d+))?(?:p(\\d+))?");
  private static final Pattern PAIR = Pattern.compile("(\\d+)x(\\d+)");

  /** PyTorch's BatchNorm2d defaults. */
  public static final double BN_EPS = 1e-5;

  /** PyTorch's BatchNorm2d running-statistics momentum. */
  public static final double BN_MOMENTUM = 0.1;

  private Shapes() {}

  /** A convolution spec such as {@code 10x24x24->15k3} at batch {@code batch}. */
  public static Conv2dParams conv(String spec, int batch) {
    Matcher m =
        match(CONV, spec, "conv", "Cin x H x W -> Cout k K [s S] [p P], e.g. 10x24x24->15k3", 7);
    int k = group(m, 5, 0);
    int s = group(m, 6, 1);
    int p = group(m, 7, 0);
    return new Conv2dParams(
        positive("conv", "batch", batch),
        group(m, 1, 0),
        group(m, 2, 0),
        group(m, 3, 0),
        group(m, 4, 0),
        k,
        k,
        s,
        s,
        p,
        p,
        1,
        1,
        1);
  }

  /** A {@code C x H x W} spec as {@code {C, H, W}}. */
  public static int[] chw(String spec) {
    Matcher m = match(CHW, spec, "activation", "C x H x W, e.g. 15x22x22", 0);
    return new int[] {group(m, 1, 0), group(m, 2, 0), group(m, 3, 0)};
  }

  /** Batch-norm parameters of a {@code C x H x W} spec, PyTorch's default eps and momentum. */
  public static BatchNormParams norm(String spec, int batch) {
    int[] chw = chw(spec);
    return new BatchNormParams(
        positive("norm", "batch", batch), chw[0], chw[1] * chw[2], BN_EPS, BN_MOMENTUM);
  }

  /** A max-pooling spec such as {@code 15x22x22k2} at batch {@code batch}. */
  public static Pool2dParams pool(String spec, int batch) {
    Matcher m = match(POOL, spec, "pool", "C x H x W k K [s S] [p P], e.g. 15x22x22k2", 6);
    int k = group(m, 4, 0);
    int s = group(m, 5, k);
    int p = group(m, 6, 0);
    return new Pool2dParams(
        positive("pool", "batch", batch),
        group(m, 1, 0),
        group(m, 2, 0),
        group(m, 3, 0),
        k,
        k,
        s,
        s,
        p,
        p,
        false);
  }

  /** A matrix-product spec {@code M x K x N} as {@code {M, K, N}}. */
  public static int[] gemm(String spec) {
    Matcher m = match(CHW, spec, "gemm", "M x K x N, e.g. 10x90x576", 0);
    return new int[] {group(m, 1, 0), group(m, 2, 0), group(m, 3, 0)};
  }

  /** A {@code R x C} spec as {@code {R, C}}. */
  public static int[] rows(String spec) {
    Matcher m = match(PAIR, spec, "softmax", "rows x classes, e.g. 128x10", 0);
    return new int[] {group(m, 1, 0), group(m, 2, 0)};
  }

  private static Matcher match(Pattern p, String spec, String what, String form, int padGroup) {
    Matcher m = p.matcher(spec == null ? "" : spec.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          what + " benchmark: shape must look like " + form + ", got '" + spec + "'");
    }
    for (int g = 1; g <= m.groupCount(); g++) {
      if (g != padGroup && m.group(g) != null && Integer.parseInt(m.group(g)) == 0) {
        throw new IllegalArgumentException(
            what + " benchmark: every size but the padding in shape '" + spec + "' must be >= 1");
      }
    }
    return m;
  }

  private static int group(Matcher m, int g, int absent) {
    String s = m.group(g);
    return s == null ? absent : Integer.parseInt(s);
  }

  private static int positive(String what, String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(what + " benchmark: " + name + " must be >= 1, got " + v);
    }
    return v;
  }
}
