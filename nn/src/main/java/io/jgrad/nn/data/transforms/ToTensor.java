package io.jgrad.nn.data.transforms;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * {@code torchvision.transforms.ToTensor} for {@link BufferedImage}s: an image of width W and
 * height H becomes a float tensor {@code [C, H, W]} in [0, 1]. A single-band (grayscale) image
 * gives C = 1, its raw samples divided by {@code 2^bits - 1} (no colour-space conversion); any
 * other image gives C = 3, the sRGB red, green and blue of {@link BufferedImage#getRGB} divided by
 * 255 (alpha is dropped). Raw 8-bit pixels (as in MNIST's IDX files) convert with {@link
 * PixelBytes#toUnit}, which needs no {@code java.desktop} module.
 */
public final class ToTensor {
  private ToTensor() {}

  /** The channels {@link #apply(BufferedImage)} gives for {@code image}: 1 or 3. */
  public static int channels(BufferedImage image) {
    return image.getRaster().getNumBands() == 1 && image.getColorModel().getNumComponents() == 1
        ? 1
        : 3;
  }

  /** {@code image} as a CPU tensor {@code [C, H, W]} in [0, 1], C = {@link #channels}. */
  public static Tensor apply(BufferedImage image) {
    if (image == null) {
      throw new IllegalArgumentException("ToTensor: image is null");
    }
    int h = image.getHeight();
    int w = image.getWidth();
    int c = channels(image);
    float[] out = new float[c * h * w];
    if (c == 1) {
      Raster r = image.getRaster();
      float max = (1 << image.getColorModel().getComponentSize(0)) - 1;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out[y * w + x] = r.getSample(x, y, 0) / max;
        }
      }
    } else {
      int plane = h * w;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int rgb = image.getRGB(x, y);
          int k = y * w + x;
          out[k] = ((rgb >> 16) & 0xFF) / 255f;
          out[plane + k] = ((rgb >> 8) & 0xFF) / 255f;
          out[2 * plane + k] = (rgb & 0xFF) / 255f;
        }
      }
    }
    return Tensors.fromArray(out, Shape.of(c, h, w), Device.CPU);
  }
}
