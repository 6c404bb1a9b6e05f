package io.jgrad;

import io.jgrad.backend.Backends;
import io.jgrad.backend.HostUploader;

/**
 * Creates tensors from host arrays through the device's {@link HostUploader}, so a training loop
 * can start copying the next batch before it computes on the current one:
 *
 * <pre>{@code
 * try (TensorUploader up = TensorUploader.to(device)) {
 *   TensorUploader.Staged next = up.stage(batch0, shape);
 *   while (...) {
 *     Tensor x = next.take();                // ready for this thread's kernels
 *     next = up.stage(following, shape);     // its copy overlaps the step below
 *     step(x);
 *   }
 * }
 * }</pre>
 *
 * On the CPU this is exactly {@link Tensors#fromArray(float[], Shape, Device)} (one copy, made at
 * {@link Staged#take()}). Confined to the thread that created it; close it to free its buffers.
 */
public final class TensorUploader implements AutoCloseable {
  private final HostUploader uploader;

  private TensorUploader(HostUploader uploader) {
    this.uploader = uploader;
  }

  /** An uploader to {@code device} for the calling thread. */
  public static TensorUploader to(Device device) {
    return new TensorUploader(Backends.get(device).newUploader());
  }

  /** A copy in flight; take it once or close it. */
  public static final class Staged implements AutoCloseable {
    private final HostUploader.Pending pending;
    private final Shape shape;

    private Staged(HostUploader.Pending pending, Shape shape) {
      this.pending = pending;
      this.shape = shape;
    }

    /** The tensor (no history, not requiring grad); the caller owns it. */
    public Tensor take() {
      return Tensor.wrap(pending.take(), shape);
    }

    /** Discards the copy if it was not taken. */
    @Override
    public void close() {
      pending.close();
    }
  }

  /**
   * Starts copying {@code data} (which must not change until {@link Staged#take()}) into a tensor
   * of {@code shape}.
   */
  public Staged stage(float[] data, Shape shape) {
    if (data == null || data.length != shape.numel()) {
      throw new IllegalArgumentException(
          "TensorUploader.stage: "
              + (data == null ? "null data" : data.length + " values")
              + " do not fill shape "
              + shape);
    }
    return new Staged(uploader.stage(data), shape);
  }

  /** {@link #stage} and {@link Staged#take()} at once. */
  public Tensor upload(float[] data, Shape shape) {
    return stage(data, shape).take();
  }

  /** Waits for copies in flight and frees the staging buffers. */
  @Override
  public void close() {
    uploader.close();
  }
}
