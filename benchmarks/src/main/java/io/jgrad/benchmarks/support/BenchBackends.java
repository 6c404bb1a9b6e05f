package io.jgrad.benchmarks.support;

import io.jgrad.Device;
import io.jgrad.backend.Backend;
import io.jgrad.backend.BackendProvider;
import io.jgrad.backend.Backends;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.CudaBackend;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Resolves the {@code backend} parameter of a benchmark to a {@link Backend}, and waits for
 * asynchronous backends so a measured call covers the whole kernel.
 *
 * <p>{@code cuda} is never in a benchmark's default parameter set; it runs only when asked for with
 * {@code -p backend=cuda}. When no usable GPU is present, {@link #resolve} prints {@code no CUDA
 * device: <reason>} once per JVM and returns null, and the benchmark methods then return at once:
 * the run finishes cleanly instead of failing ({@link io.jgrad.benchmarks.BenchMain} drops the
 * value before JMH even starts, so this is only the safety net).
 */
public final class BenchBackends {
  private static final AtomicBoolean REPORTED = new AtomicBoolean();

  private BenchBackends() {}

  /**
   * The backend named {@code name} ({@code cpu}, {@code reference} or {@code cuda}), or null when
   * it is CUDA and no GPU is usable here.
   *
   * @throws IllegalArgumentException naming the known devices for any other unavailable name
   */
  public static Backend resolve(String name) {
    Device device = Device.of(name);
    if (device.equals(Device.CUDA) && !Backends.isAvailable(Device.CUDA)) {
      if (REPORTED.compareAndSet(false, true)) {
        System.out.println("no CUDA device: " + unavailableReason(Device.CUDA));
      }
      return null;
    }
    if (!Backends.isAvailable(device)) {
      throw new IllegalArgumentException(
          "benchmark parameter backend='"
              + name
              + "' is not available: "
              + unavailableReason(device)
              + " (use cpu, reference or cuda)");
    }
    return Backends.get(device);
  }

  /** Why {@code device} cannot be used here ({@code ""} when it can). */
  public static String unavailableReason(Device device) {
    for (BackendProvider p : Backends.providers()) {
      if (p.name().equals(device.type())) {
        return p.isAvailable() ? "" : p.unavailableReason();
      }
    }
    return device.equals(Device.CUDA)
        ? "the io.jgrad:engine-cuda module is not on the class path"
        : "no backend provides device '" + device + "'";
  }

  /** Waits until every kernel queued on {@code backend} has finished (no-op on the CPU). */
  public static void sync(Backend backend) {
    if (backend instanceof CudaBackend) {
      ((CudaBackend) backend).synchronize();
    }
  }

  /** Ends one measured call: waits for the device, hands the result to JMH and frees it. */
  public static void finish(Backend backend, Blackhole bh, Storage... results) {
    sync(backend);
    for (Storage s : results) {
      if (s != null) {
        bh.consume(s);
        s.close();
      }
    }
  }

  /** Frees storages made in a setup method (null entries are skipped). */
  public static void close(Storage... storages) {
    for (Storage s : storages) {
      if (s != null) {
        s.close();
      }
    }
  }
}
