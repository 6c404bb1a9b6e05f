package io.jgrad.backend.cuda.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The PTX of jgrad's own kernels compiled ahead of time by {@code
 * engine-cuda/scripts/regenerate-ptx.sh} (nvcc, virtual architecture {@value #ARCH}), shipped as
 * class-path resources next to the sources, with a manifest naming the nvcc version and the SHA-256
 * of each source it was made from. The driver compiles the PTX for the GPU when the module is
 * loaded, so no CUDA compiler library is needed at run time.
 */
public final class PtxImages {
  /** The resource folder of the PTX files and the manifest. */
  public static final String RESOURCE_DIR = KernelSources.RESOURCE_DIR + "ptx/";

  /** The manifest's name. */
  public static final String MANIFEST = "ptx.properties";

  /** The virtual architecture the PTX targets. */
  public static final String ARCH = "compute_75";

  private PtxImages() {}

  /** The manifest: {@code nvcc.cuda}, {@code arch} and {@code <file>.sha256} per source. */
  public static Properties manifest() {
    try (InputStream in = PtxImages.class.getResourceAsStream(RESOURCE_DIR + MANIFEST)) {
      if (in == null) {
        throw new IllegalStateException(
            "cuda: " + RESOURCE_DIR + MANIFEST + " is missing; run regenerate-ptx.sh");
      }
      Properties p = new Properties();
      p.load(in);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cuda: cannot read " + RESOURCE_DIR + MANIFEST, e);
    }
  }

  /** The CUDA version of the nvcc that made the PTX, as {@code 1000*major + 10*minor}. */
  public static int toolkitVersion() {
    String v = manifest().getProperty("nvcc.cuda", "").trim();
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "cuda: " + RESOURCE_DIR + MANIFEST + " has no valid nvcc.cuda (got '" + v + "')", e);
    }
  }

  /** The PTX of {@code file} (e.g. {@code "gemm.cu"}) as a NUL-terminated image for the driver. */
  public static byte[] image(String file) {
    String name = file.replace(".cu", ".ptx");
    try (InputStream in = PtxImages.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "cuda: PTX " + RESOURCE_DIR + name + " is missing; run regenerate-ptx.sh");
      }
      byte[] text = in.readAllBytes();
      byte[] image = new byte[text.length + 1];
      System.arraycopy(text, 0, image, 0, text.length);
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException("cuda: cannot read PTX " + name, e);
    }
  }
}
