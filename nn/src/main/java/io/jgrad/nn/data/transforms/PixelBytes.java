package io.jgrad.nn.data.transforms;

/**
 * Raw 8-bit pixels (as in MNIST's IDX files) to floats in [0, 1]: each unsigned byte {@code b}
 * becomes {@code b / 255f}, as {@link ToTensor} does for 8-bit images. Kept apart from {@link
 * ToTensor} so that a dataset of raw bytes loads no {@code java.awt} class and runs on a runtime
 * without the {@code java.desktop} module (the GPU bundle's jlink image).
 */
public final class PixelBytes {
  /** {@code b / 255f} for every unsigned byte: a load instead of a float division per pixel. */
  private static final float[] UNIT = new float[256];

  static {
    for (int b = 0; b < 256; b++) {
      UNIT[b] = b / 255f;
    }
  }

  private PixelBytes() {}

  /** Converts {@code n} unsigned bytes of {@code src} from {@code srcOffset} to [0, 1] floats. */
  public static void toUnit(byte[] src, int srcOffset, float[] dst, int dstOffset, int n) {
    if (n < 0
        || srcOffset < 0
        || dstOffset < 0
        || (long) srcOffset + n > src.length
        || (long) dstOffset + n > dst.length) {
      throw new IndexOutOfBoundsException(
          "PixelBytes.toUnit: cannot convert "
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
      dst[dstOffset + k] = UNIT[src[srcOffset + k] & 0xFF];
    }
  }
}
