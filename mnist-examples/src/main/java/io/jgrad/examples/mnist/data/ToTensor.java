package io.jgrad.examples.mnist.data;

/**
 * torchvision's {@code ToTensor} for 8-bit grayscale pixels: each unsigned byte {@code b} becomes
 * the float {@code b / 255} in [0, 1].
 */
public final class ToTensor {
  private ToTensor() {}

  /** Converts {@code n} bytes of {@code src} from {@code srcOffset} into {@code dst}. */
  public static void apply(byte[] src, int srcOffset, float[] dst, int dstOffset, int n) {
    if (n < 0
        || srcOffset < 0
        || dstOffset < 0
        || srcOffset + n > src.length
        || dstOffset + n > dst.length) {
      throw new IndexOutOfBoundsException(
          "ToTensor.apply: cannot convert "
              + n
              + " values from src["
              + srcOffset
              + "] (length "
              + src.length
              + ") to dst["
              + dstOffset
              + "] (length "
              + dst.length
              + ")");
    }
    for (int k = 0; k < n; k++) {
      dst[dstOffset + k] = (src[srcOffset + k] & 0xFF) / 255f;
    }
  }

  /** All of {@code src} as floats in [0, 1]. */
  public static float[] apply(byte[] src) {
    float[] out = new float[src.length];
    apply(src, 0, out, 0, src.length);
    return out;
  }
}
