package io.jgrad.examples.mnist.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** PNG encoding with ImageIO, apart from {@link AtomicFiles} so that only plots load AWT. */
final class PngEncoder {
  private PngEncoder() {}

  /** The PNG bytes of {@code image}; {@code target} names the file in errors. */
  static byte[] encode(Path target, BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", bytes)) {
        throw new IllegalStateException("no PNG writer available for " + target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + target + " as PNG: " + e.getMessage(), e);
    }
    return bytes.toByteArray();
  }
}
