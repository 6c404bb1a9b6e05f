package io.jgrad.backend.cuda.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The CUDA C sources of jgrad's own kernels, shipped as class-path resources. */
public final class KernelSources {
  /** The resource folder holding the {@code .cu} files. */
  public static final String RESOURCE_DIR = "/io/jgrad/backend/cuda/kernels/";

  /** Every kernel file, one per family. */
  public static final List<String> FILES =
      List.of(
          "elementwise.cu",
          "copy.cu",
          "gemm.cu",
          "reduce.cu",
          "loss.cu",
          "optim.cu",
          "pool.cu",
          "norm.cu",
          "dropout.cu",
          "rotate.cu",
          "pointwise.cu",
          "index.cu");

  private KernelSources() {}

  /** The text of kernel file {@code file}, e.g. {@code "elementwise.cu"}. */
  public static String read(String file) {
    try (InputStream in = KernelSources.class.getResourceAsStream(RESOURCE_DIR + file)) {
      if (in == null) {
        throw new IllegalStateException(
            "cuda: kernel source " + RESOURCE_DIR + file + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cuda: cannot read kernel source " + file, e);
    }
  }
}
