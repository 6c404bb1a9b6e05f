package io.jgrad.examples.mnist.train;

import io.jgrad.Device;
import io.jgrad.backend.Backends;
import io.jgrad.backend.cpu.Parallel;
import io.jgrad.examples.mnist.data.MnistDataset;
import io.jgrad.examples.mnist.data.MnistDownloader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prepares what every command needs: the device, the CPU threads, the data, the output folder. */
public final class RunEnvironment {
  private RunEnvironment() {}

  /**
   * Selects the device and the CPU thread count.
   *
   * @throws IllegalStateException with the reason when the device is not available
   */
  public static Device device(String name, int threads) {
    Parallel.setThreads(threads);
    Device d = Device.of(name);
    Backends.get(d);
    return d;
  }

  /**
   * The MNIST folder: {@code dir} when given, else the download cache (downloading missing files,
   * with a clear error when offline).
   */
  public static Path dataDir(Path dir) throws IOException {
    if (dir != null) {
      return dir;
    }
    return MnistDownloader.withDefaults().ensure(MnistDownloader.defaultDataDir());
  }

  /**
   * The training or test split from {@code dir}, cut to the first {@code limit} images (0 = all).
   */
  public static MnistDataset load(Path dir, boolean train, int limit) throws IOException {
    MnistDataset d = MnistDataset.load(dir, train);
    return limit > 0 && limit < d.size() ? d.limit(limit) : d;
  }

  /**
   * Creates {@code dir} and checks that files can be written in it.
   *
   * @throws IllegalArgumentException naming the folder and the reason otherwise
   */
  public static Path outputDir(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
      return dir;
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(
          "--out: cannot write to output folder " + dir + " (" + describe(e) + ")", e);
    }
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return m == null ? kind : kind + ": " + m;
  }
}
