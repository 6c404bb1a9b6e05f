package io.jgrad.examples.mnist.testing;

import io.jgrad.examples.mnist.data.MnistDownloader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The real MNIST files for tests, obtained the way a user of the program obtains them: the data
 * folder ({@code -Djgrad.data}, {@code $JGRAD_DATA}, else {@code ~/.cache/jgrad/mnist}), filled on
 * first use by the checksummed downloader from the configured mirrors ({@code
 * $JGRAD_MNIST_MIRRORS}, else the public ones). Offline with an empty cache, a test that needs
 * MNIST fails with the downloader's own message.
 */
public final class MnistCache {
  private static Path dir;

  private MnistCache() {}

  /** The data folder holding the four verified {@code .gz} files, downloading them once. */
  public static synchronized Path dir() {
    if (dir == null) {
      dir = obtain(MnistDownloader.defaultDataDir(), MnistDownloader.withDefaults());
    }
    return dir;
  }

  /** {@code folder}, completed by {@code downloader} when a file is missing. */
  static Path obtain(Path folder, MnistDownloader downloader) {
    try {
      return MnistDownloader.isComplete(folder) ? folder : downloader.ensure(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "this test needs the MNIST files and could not get them: " + e.getMessage(), e);
    }
  }
}
