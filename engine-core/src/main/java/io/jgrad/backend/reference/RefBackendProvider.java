package io.jgrad.backend.reference;

import io.jgrad.backend.Backend;
import io.jgrad.backend.BackendProvider;

/**
 * Registers the double-precision {@link RefBackend} as device {@code "reference"}. It has the
 * lowest priority: it is only used when asked for by name, typically by tests.
 */
public final class RefBackendProvider implements BackendProvider {
  /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
  public RefBackendProvider() {}

  /** {@code "reference"}. */
  @Override
  public String name() {
    return "reference";
  }

  /** 0: never chosen over a fast backend. */
  @Override
  public int priority() {
    return 0;
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

  /** A new {@link RefBackend}. */
  @Override
  public Backend create() {
    return new RefBackend();
  }
}
