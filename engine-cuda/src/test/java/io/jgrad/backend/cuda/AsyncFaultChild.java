package io.jgrad.backend.cuda;

import io.jgrad.Device;
import io.jgrad.backend.Backends;
import io.jgrad.backend.Storage;
import io.jgrad.backend.cuda.runtime.CudaException;
import io.jgrad.backend.cuda.runtime.Launch;
import jcuda.Pointer;

/**
 * Run in a child JVM by {@link CudaAsyncFaultGpuTest} (a device fault poisons the CUDA context for
 * the rest of the process): launches a kernel that writes through a null device pointer, then asks
 * for a download, and prints which call reported the fault.
 */
public final class AsyncFaultChild {
  private AsyncFaultChild() {}

  /** Prints LAUNCHED, then REPORTED BY ... with the exception message. */
  public static void main(String[] args) {
    CudaBackend b = (CudaBackend) Backends.get(Device.CUDA);
    Storage ok = b.memory().fromFloats(new float[] {1, 2, 3});
    int n = 1 << 22;
    try {
      Launch.args()
          .i(0)
          .ptr(new Pointer())
          .ptr(new Pointer())
          .i(n)
          .run(
              b.stream(),
              b.kernels().function("elementwise.cu", "unary_f32"),
              Launch.blocks(n),
              Launch.THREADS,
              0,
              "a deliberately faulting kernel");
      System.out.println("LAUNCHED");
    } catch (CudaException e) {
      System.out.println("REPORTED BY LAUNCH: " + e.getMessage());
      return;
    }
    try {
      b.memory().toFloats(ok);
      System.out.println("NOT REPORTED");
    } catch (CudaException e) {
      System.out.println("REPORTED BY toFloats: " + e.getMessage());
    }
  }
}
