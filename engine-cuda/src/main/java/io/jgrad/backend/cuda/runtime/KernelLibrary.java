package io.jgrad.backend.cuda.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * jgrad's own kernels, compiled on first use with NVRTC and loaded into the device's primary
 * context. Compiled images are cached per compute capability for the life of the JVM (two contexts
 * of the same kind of GPU compile once); modules and functions per context.
 */
public final class KernelLibrary {
  private static final Map<String, Nvrtc.Image> IMAGES = new ConcurrentHashMap<>();

  private final CudaContext context;
  private final Map<String, CUmodule> modules = new ConcurrentHashMap<>();
  private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();

  /** A library for the kernels of {@code context}'s device. */
  public KernelLibrary(CudaContext context) {
    this.context = context;
  }

  /** The kernel {@code kernel} (an {@code extern "C"} name) of source file {@code file}. */
  public CUfunction function(String file, String kernel) {
    return functions.computeIfAbsent(
        file + "#" + kernel,
        key -> {
          CUfunction f = new CUfunction();
          CudaErrors.driver(
              JCudaDriver.cuModuleGetFunction(f, module(file), kernel),
              "looking up kernel " + kernel + " in " + file);
          return f;
        });
  }

  private CUmodule module(String file) {
    return modules.computeIfAbsent(
        file,
        f -> {
          context.current();
          int major = context.computeMajor();
          int minor = context.computeMinor();
          Nvrtc.Image image =
              IMAGES.computeIfAbsent(
                  "sm_" + major + minor + "/" + f,
                  k -> Nvrtc.compile(f, KernelSources.read(f), major, minor));
          CUmodule m = new CUmodule();
          CudaErrors.driver(
              JCudaDriver.cuModuleLoadData(m, image.data()),
              "loading kernels " + f + " compiled for " + image.target());
          return m;
        });
  }
}
