package io.jgrad.nn.data.transforms;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.Tensors;

/**
 * {@code torchvision.transforms.RandomCrop(size, padding, fill=fill)}: pads the image by {@code
 * padding} pixels of value {@code fill} on every side, then cuts out a {@code height x width}
 * window at a random position: the top row is drawn first, {@code gen.nextInt(H + 2p - height +
 * 1)}, then the left column, {@code gen.nextInt(W + 2p - width + 1)}.
 */
public final class RandomCrop implements Transform {
  private final int height;
  private final int width;
  private final int padding;
  private final float fill;

  /** A square {@code size x size} crop after zero padding of {@code padding} pixels. */
  public RandomCrop(int size, int padding) {
    this(size, size, padding, 0f);
  }

  /**
   * A {@code height x width} crop after padding of {@code padding} pixels of value {@code fill}.
   */
  public RandomCrop(int height, int width, int padding, float fill) {
    if (height < 1 || width < 1 || padding < 0) {
      throw new IllegalArgumentException(
          "RandomCrop: need height, width >= 1 and padding >= 0, got "
              + height
              + ", "
              + width
              + ", "
              + padding);
    }
    this.height = height;
    this.width = width;
    this.padding = padding;
    this.fill = fill;
  }

  @Override
  public Tensor apply(Tensor image, Generator gen) {
    int[] d = Transform.chw("RandomCrop", image);
    int c = d[0];
    int h = d[1];
    int w = d[2];
    int ph = h + 2 * padding;
    int pw = w + 2 * padding;
    if (height > ph || width > pw) {
      throw new IllegalArgumentException(
          "RandomCrop: crop "
              + height
              + "x"
              + width
              + " is larger than the padded image "
              + ph
              + "x"
              + pw
              + " (image "
              + image.shape()
              + ", padding "
              + padding
              + ")");
    }
    int top = gen.nextInt(ph - height + 1);
    int left = gen.nextInt(pw - width + 1);
    return crop(image, top - padding, left - padding);
  }

  /**
   * The {@code height x width} window of {@code image} whose top-left corner is at row {@code y},
   * column {@code x} of the unpadded image (negative or past the edge reads {@code fill}).
   */
  public Tensor crop(Tensor image, int y, int x) {
    int[] d = Transform.chw("RandomCrop", image);
    int h = d[1];
    int w = d[2];
    float[] src = image.toArray();
    float[] out = new float[d[0] * height * width];
    int o = 0;
    for (int ch = 0; ch < d[0]; ch++) {
      for (int i = 0; i < height; i++) {
        int si = y + i;
        for (int j = 0; j < width; j++) {
          int sj = x + j;
          boolean inside = si >= 0 && si < h && sj >= 0 && sj < w;
          out[o++] = inside ? src[(ch * h + si) * w + sj] : fill;
        }
      }
    }
    return Tensors.fromArray(out, io.jgrad.Shape.of(d[0], height, width), image.device());
  }

  @Override
  public String toString() {
    return "RandomCrop(" + height + "x" + width + ", padding=" + padding + ", fill=" + fill + ")";
  }
}
