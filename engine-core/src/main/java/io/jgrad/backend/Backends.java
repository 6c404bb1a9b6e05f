package io.jgrad.backend;

import io.jgrad.Device;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds backends with {@link ServiceLoader} and hands out one instance per device. The default
 * device is {@code -Djgrad.device=NAME} when set, else CPU (a GPU is used only when asked for).
 */
public final class Backends {
  private static final Map<String, Backend> CREATED = new ConcurrentHashMap<>();
  private static volatile List<BackendProvider> providers;

  private Backends() {}

  /** Every provider on the class path, highest priority first. */
  public static List<BackendProvider> providers() {
    List<BackendProvider> p = providers;
    if (p == null) {
      synchronized (Backends.class) {
        if (providers == null) {
          List<BackendProvider> found = new ArrayList<>();
          ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())
              .forEach(found::add);
          found.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
          providers = List.copyOf(found);
        }
        p = providers;
      }
    }
    return p;
  }

  /** Whether {@code device} can be used here. */
  public static boolean isAvailable(Device device) {
    return providers().stream().anyMatch(p -> p.name().equals(device.type()) && p.isAvailable());
  }

  /**
   * The backend of {@code device}, created on first use.
   *
   * @throws IllegalStateException naming what is missing when the device is not available
   */
  public static Backend get(Device device) {
    Backend b = CREATED.get(device.type());
    if (b != null) {
      return b;
    }
    synchronized (CREATED) {
      b = CREATED.get(device.type());
      if (b == null) {
        b = create(device);
        CREATED.put(device.type(), b);
      }
      return b;
    }
  }

  private static Backend create(Device device) {
    List<String> known = new ArrayList<>();
    for (BackendProvider p : providers()) {
      known.add(p.name());
      if (p.name().equals(device.type())) {
        if (!p.isAvailable()) {
          throw new IllegalStateException(
              "device '" + device + "' is not available: " + p.unavailableReason());
        }
        return p.create();
      }
    }
    String hint =
        device.equals(Device.CUDA)
            ? " (add the io.jgrad:engine-cuda module to the class path)"
            : "";
    throw new IllegalStateException(
        "device '"
            + device
            + "' is not available: no backend provides it"
            + hint
            + "; known devices: "
            + known);
  }

  /** The default device: {@code -Djgrad.device} when set, else {@link Device#CPU}. */
  public static Device defaultDevice() {
    String name = System.getProperty("jgrad.device");
    return name == null || name.isBlank() ? Device.CPU : Device.of(name);
  }
}
