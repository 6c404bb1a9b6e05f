package io.jgrad.backend.cuda.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * jgrad's own kernels, loaded into the device's primary context through the driver API: compiled on
 * first use with NVRTC when it is installed, else the PTX compiled ahead of time ({@link
 * PtxImages}), which the driver compiles for the GPU on load ({@link NativePaths#kernels()} says
 * which). NVRTC images are cached per compute capability for the life of the JVM (two contexts of
 * the same kind of GPU compile once); modules and functions per context.
 */
public final class KernelLibrary {
  private static final Map<String, Nvrtc.Image> IMAGES = new ConcurrentHashMap<>();

  private final CudaContext context;
  private final NativePaths.Kernels source;
  private final Map<String, CUmodule> modules = new ConcurrentHashMap<>();
  private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();

  /** A library for the kernels of {@code context}'s device, from the probe's kernel path. */
  public KernelLibrary(CudaContext context) {
    this(context, null);
  }

  /** A library loading from {@code source} (null: the probe's kernel path), e.g. for tests. */
  public KernelLibrary(CudaContext context, NativePaths.Kernels source) {
    this.context = context;
    this.source = source;
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
              (source != null ? source : NativePaths.kernels().path()) == NativePaths.Kernels.NVRTC
                  ? IMAGES.computeIfAbsent(
                      "sm_" + major + minor + "/" + f,
                      k -> Nvrtc.compile(f, KernelSources.read(f), major, minor))
                  : new Nvrtc.Image(PtxImages.image(f), PtxImages.ARCH);
          CUmodule m = new CUmodule();
          CudaErrors.driver(
              JCudaDriver.cuModuleLoadData(m, image.data()),
              "loading kernels "
                  + f
                  + (image.cubin() ? " compiled by NVRTC for " : " from the shipped PTX for ")
                  + image.target()
                  + " on sm_"
                  + major
                  + minor);
          return m;
        });
  }
}
