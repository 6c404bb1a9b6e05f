package io.jgrad.backend.cpu;

import io.jgrad.backend.Backend;
import io.jgrad.backend.BackendProvider;

/** Registers the pure-Java float32 {@link CpuBackend} as device {@code "cpu"}, always available. */
public final class CpuBackendProvider implements BackendProvider {
  /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
  public CpuBackendProvider() {}

  /** {@code "cpu"}. */
  @Override
  public String name() {
    return "cpu";
  }

  /** 10: above the reference backend, below an accelerator. */
  @Override
  public int priority() {
    return 10;
  }

  /** Always: the backend is plain Java. */
  @Override
  public boolean isAvailable() {
    return true;
  }

  /** Always {@code ""}. */
  @Override
  public String unavailableReason() {
    return "";
  }

  /** A new {@link CpuBackend}. */
  @Override
  public Backend create() {
    return new CpuBackend();
  }
}
