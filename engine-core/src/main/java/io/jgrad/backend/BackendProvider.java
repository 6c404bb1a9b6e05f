package io.jgrad.backend;

/**
 * Service-provider interface through which backends are discovered at run time with {@link
 * java.util.ServiceLoader}. Implementations are listed in {@code
 * META-INF/services/io.jgrad.backend.BackendProvider}. Constructing a provider and calling {@link
 * #isAvailable()} must never throw, whatever is missing on the machine.
 */
public interface BackendProvider {
  /** The device name this provider serves, e.g. {@code "cpu"} or {@code "cuda"}. */
  String name();

  /** Higher wins when the device is chosen automatically. */
  int priority();

  /** Whether the backend can run here. Must not throw. */
  boolean isAvailable();

  /** Why the backend cannot run here ({@code ""} when it can). */
  String unavailableReason();

  /** Creates the backend; called at most once, and only when {@link #isAvailable()}. */
  Backend create();
}
