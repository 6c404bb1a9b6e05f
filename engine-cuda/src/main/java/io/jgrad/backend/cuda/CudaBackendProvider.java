package io.jgrad.backend.cuda;

import io.jgrad.backend.Backend;
import io.jgrad.backend.BackendProvider;

/**
 * Registers the CUDA backend as device {@code "cuda"} with priority 100. Availability comes from
 * {@link CudaProbe}, which runs once per JVM and never throws; construction is free.
 */
public final class CudaBackendProvider implements BackendProvider {
  /** {@code -Djgrad.cuda.device=N} picks the GPU (default 0). */
  public static final String DEVICE_PROPERTY = "jgrad.cuda.device";

  /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
  public CudaBackendProvider() {}

  /** {@code "cuda"}. */
  @Override
  public String name() {
    return "cuda";
  }

  /** 100: above the CPU backend. */
  @Override
  public int priority() {
    return 100;
  }

  /**
   * Whether a CUDA 12+ driver, the selected device and cuDNN 9 are usable, and jgrad's kernels can
   * be loaded (through NVRTC or the shipped PTX); cuBLAS is optional.
   */
  @Override
  public boolean isAvailable() {
    return CudaProbe.result().available();
  }

  /** Why the backend cannot run, or {@code ""}. */
  @Override
  public String unavailableReason() {
    return CudaProbe.result().reason();
  }

  /**
   * A backend on the device named by {@code -Djgrad.cuda.device} (default 0), the one the probe
   * checked.
   *
   * @throws IllegalStateException naming the reason when CUDA is not available
   */
  @Override
  public Backend create() {
    CudaProbe.Result r = CudaProbe.result();
    if (!r.available()) {
      throw new IllegalStateException("cuda backend is not available: " + r.reason());
    }
    return CudaBackend.create(r.device());
  }
}
