package io.jgrad.backend.cpu;

import io.jgrad.Generator;
import io.jgrad.Philox;
import io.jgrad.Shape;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.DropoutKernels;
import java.util.Arrays;

/**
 * Inverted dropout in float32. The mask is the one the reference backend draws: units (elements, or
 * the N*C channels of an [N, C, ...] tensor when channelwise) in row-major order, unit {@code u}
 * kept iff uniform {@code u} of a draw of {@code units} words from the generator's counter-based
 * stream is {@code >= p} (see {@link Philox}); nothing is drawn for {@code p == 0} or {@code p ==
 * 1}. Each unit's number depends on its index alone, so the draw is split across threads and the
 * mask is the same for any thread count. The mask buffer holds one float scale per unit ({@code
 * 1/(1-p)} or 0). Output, mask and gradient come from the backend's buffer pool, so a training loop
 * that releases them reuses the memory.
 */
final class CpuDropout implements DropoutKernels {
  /** Elements per chunk when applying the mask. */
  private static final int GRAIN = 1 << 15;

  /** Units per chunk when drawing the mask (a multiple of 4: whole Philox blocks). */
  private static final int DRAW_GRAIN = 1 << 13;

  private final CpuBackend backend;

  CpuDropout(CpuBackend backend) {
    this.backend = backend;
  }

  /**
   * Draws the mask, then scales each element by its unit's scale (in the same pass when every
   * element is a unit).
   */
  @Override
  public Result forward(
      Storage input, Shape shape, double p, boolean channelwise, Generator generator) {
    float[] x = CpuStorage.data(input);
    int units = units(x.length, shape, p, channelwise);
    float keepScale = p < 1 ? (float) (1.0 / (1.0 - p)) : 0f;
    CpuStorage mask = backend.uninitialized(units);
    float[] scale = mask.data;
    if (p == 0 || p == 1) {
      Arrays.fill(scale, 0, units, keepScale);
      return new Result(applyMask(x, scale), mask);
    }
    long key = generator.streamKey();
    long first = generator.reserveDraw(units);
    int threshold = Philox.keepThreshold(p);
    // one unit per element: scale each chunk while its freshly drawn mask is still in cache
    CpuStorage fused = units == x.length ? backend.uninitialized(x.length) : null;
    float[] out = fused == null ? null : fused.data;
    float[] in = fused == null ? null : x;
    Parallel.forChunks(
        units,
        DRAW_GRAIN,
        (s, e) ->
            backend.ops().dropoutMask(key, first, s, e, threshold, keepScale, scale, in, out));
    return new Result(fused != null ? fused : applyMask(x, scale), mask);
  }

  /** Scales each gradient element by its unit's scale from the mask. */
  @Override
  public Storage backward(
      Storage gradOut, Storage mask, Shape shape, double p, boolean channelwise) {
    float[] g = CpuStorage.data(gradOut);
    float[] scale = CpuStorage.data(mask);
    int units = units(g.length, shape, p, channelwise);
    if (scale.length != units) {
      throw new IllegalArgumentException(
          "dropout backward: mask has " + scale.length + " units, expected " + units);
    }
    return applyMask(g, scale);
  }

  /**
   * {@code out[i] = x[i] * scale[unit of i]}, where units are equal contiguous blocks, into a
   * pooled buffer (every element is written).
   */
  private CpuStorage applyMask(float[] x, float[] scale) {
    CpuStorage result = backend.uninitialized(x.length);
    float[] out = result.data;
    if (scale.length == x.length) {
      Parallel.forChunks(
          x.length,
          GRAIN,
          (s, e) -> {
            for (int i = s; i < e; i++) {
              out[i] = x[i] * scale[i];
            }
          });
    } else if (scale.length > 0) {
      int inner = x.length / scale.length;
      Parallel.forChunks(
          scale.length,
          Math.max(1, GRAIN / Math.max(inner, 1)),
          (s, e) -> {
            for (int u = s; u < e; u++) {
              float k = scale[u];
              for (int i = u * inner; i < (u + 1) * inner; i++) {
                out[i] = x[i] * k;
              }
            }
          });
    } else {
      Arrays.fill(out, 0f); // no units: an empty tensor
    }
    return result;
  }

  private static int units(int size, Shape shape, double p, boolean channelwise) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("dropout: p must be in [0, 1], got " + p);
    }
    if (size != shape.numel()) {
      throw new IllegalArgumentException(
          "dropout: buffer has "
              + size
              + " elements but shape "
              + shape
              + " needs "
              + shape.numel());
    }
    if (!channelwise) {
      return size;
    }
    if (shape.rank() < 2) {
      throw new IllegalArgumentException(
          "dropout: channelwise dropout needs an [N, C, ...] tensor, got shape " + shape);
    }
    return shape.dim(0) * shape.dim(1);
  }
}
