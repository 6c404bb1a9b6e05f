package io.jgrad.backend.cuda;

import io.jgrad.Device;
import io.jgrad.backend.Backend;
import io.jgrad.backend.HostUploader;
import io.jgrad.backend.cuda.cudnn.TensorDesc;
import io.jgrad.backend.cuda.runtime.CudaContext;
import io.jgrad.backend.cuda.runtime.KernelLibrary;
import io.jgrad.backend.cuda.runtime.StreamContext;
import io.jgrad.backend.kernels.BlasKernels;
import io.jgrad.backend.kernels.ConvKernels;
import io.jgrad.backend.kernels.CopyKernels;
import io.jgrad.backend.kernels.DropoutKernels;
import io.jgrad.backend.kernels.ElementwiseKernels;
import io.jgrad.backend.kernels.ImageKernels;
import io.jgrad.backend.kernels.IndexKernels;
import io.jgrad.backend.kernels.LossKernels;
import io.jgrad.backend.kernels.MemoryKernels;
import io.jgrad.backend.kernels.NormKernels;
import io.jgrad.backend.kernels.OptimKernels;
import io.jgrad.backend.kernels.PointwiseKernels;
import io.jgrad.backend.kernels.PoolKernels;
import io.jgrad.backend.kernels.ReduceKernels;
import io.jgrad.backend.kernels.SoftmaxKernels;
import java.util.List;
import jcuda.Pointer;

/**
 * The CUDA backend: float32 buffers in device memory, convolution, pooling, batch norm, dropout and
 * softmax through cuDNN, matrix products through cuBLAS, and jgrad's own kernels (compiled at run
 * time with NVRTC) for the rest. Every call queues work on the calling thread's stream and returns;
 * only transfers to the host wait.
 */
public final class CudaBackend implements Backend, AutoCloseable {
  /** Host scalar 1.0f, the alpha (and beta for accumulation) of cuDNN and cuBLAS calls. */
  static final Pointer ONE = Pointer.to(new float[] {1f});

  /** Host scalar 0.0f, the beta of calls that overwrite their output. */
  static final Pointer ZERO = Pointer.to(new float[] {0f});

  /** {@code -Djgrad.cuda.tf32=true} lets cuDNN convolutions use TF32 tensor cores. */
  static final boolean ALLOW_TF32 = Boolean.getBoolean("jgrad.cuda.tf32");

  private final CudaContext context;
  private final CachingAllocator allocator;
  private final KernelLibrary kernels;
  private final DescCache<List<Integer>, TensorDesc> tensorDescs = DescCache.tensors();
  private final CudaMemory memory;
  private final CudaElementwise elementwise;
  private final CudaCopy copy;
  private final CudaReduce reduce;
  private final CudaBlas blas;
  private final CudaConv conv;
  private final CudaPool pool;
  private final CudaNorm norm;
  private final CudaDropout dropout;
  private final CudaSoftmax softmax;
  private final CudaLoss loss;
  private final CudaOptim optim;
  private final CudaImage image;
  private final CudaPointwise pointwise = new CudaPointwise(this);
  private final CudaIndex index = new CudaIndex(this);

  private CudaBackend(CudaContext context, CachingAllocator allocator) {
    this.context = context;
    this.allocator = allocator;
    this.kernels = new KernelLibrary(context);
    this.memory = new CudaMemory(this);
    this.elementwise = new CudaElementwise(this);
    this.copy = new CudaCopy(this);
    this.reduce = new CudaReduce(this);
    this.blas = new CudaBlas(this);
    this.conv = new CudaConv(this);
    this.pool = new CudaPool(this);
    this.norm = new CudaNorm(this);
    this.dropout = new CudaDropout(this);
    this.softmax = new CudaSoftmax(this);
    this.loss = new CudaLoss(this);
    this.optim = new CudaOptim(this);
    this.image = new CudaImage(this);
  }

  /**
   * Opens GPU {@code device}. Device memory is bounded by {@code -Djgrad.cuda.maxBytes} (e.g.
   * {@code 6g}), by default by {@link MemoryBudget#defaultLimit} of the memory free now (all but
   * the larger of 10% and 1 GiB, left to cuDNN and cuBLAS).
   */
  public static CudaBackend create(int device) {
    CudaContext ctx = CudaContext.open(device);
    String max = System.getProperty(CachingAllocator.MAX_BYTES_PROPERTY);
    long limit =
        max == null || max.isBlank()
            ? MemoryBudget.defaultLimit(ctx.memoryInfo()[0])
            : ByteCounts.parseBytes(max);
    return open(ctx, limit);
  }

  /** Opens GPU {@code device} with a pool of at most {@code limit} bytes (tests, tools). */
  static CudaBackend create(int device, long limit) {
    return open(CudaContext.open(device), limit);
  }

  private static CudaBackend open(CudaContext ctx, long limit) {
    CachingAllocator allocator = new CachingAllocator(new CudaDeviceHeap(), limit);
    ctx.onAllocationFailure(allocator::releaseCached);
    return new CudaBackend(ctx, allocator);
  }

  /**
   * Waits for all queued work, releases every thread's stream, library handles, pinned buffers,
   * workspace and dropout states, returns the pool's cached memory to the device, and releases the
   * device's primary context. Blocks of storages still open are freed when they are closed or
   * collected. Call it when no other thread uses the backend; any later use throws. Idempotent.
   */
  @Override
  public void close() {
    try {
      context.close();
    } finally {
      allocator.close();
    }
  }

  /**
   * Releases the streams, handles and buffers of threads that have ended (also done whenever a new
   * thread first uses the backend); returns how many threads' resources were released.
   */
  public int releaseEndedThreads() {
    return context.releaseEndedThreads();
  }

  /** A new buffer of {@code size} floats with undefined contents. */
  public CudaStorage allocate(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("cuda: buffer size must be >= 0, got " + size);
    }
    return new CudaStorage(this, size, allocator.allocate(4L * size, stream().stream()));
  }

  /** The calling thread's stream and handles. */
  public StreamContext stream() {
    return context.current();
  }

  /** The calling thread's cuDNN workspace. */
  Workspace workspace(StreamContext sc) {
    return sc.attachment(Workspace.class, Workspace.class, () -> new Workspace(allocator));
  }

  /** The cached packed NCHW float descriptor of {@code dims}. */
  TensorDesc tensorDesc(int[] dims) {
    return tensorDescs.get(DescCache.key(dims));
  }

  /** The device, its primary context and the per-thread streams. */
  public CudaContext context() {
    return context;
  }

  /** The device memory pool. */
  public CachingAllocator allocator() {
    return allocator;
  }

  /** jgrad's own kernels. */
  public KernelLibrary kernels() {
    return kernels;
  }

  /** Waits for all work queued by every thread (for benchmarks and tests). */
  public void synchronize() {
    context.synchronizeAll();
  }

  @Override
  public Device device() {
    return Device.CUDA;
  }

  @Override
  public MemoryKernels memory() {
    return memory;
  }

  @Override
  public ElementwiseKernels elementwise() {
    return elementwise;
  }

  @Override
  public CopyKernels copy() {
    return copy;
  }

  @Override
  public ReduceKernels reduce() {
    return reduce;
  }

  @Override
  public BlasKernels blas() {
    return blas;
  }

  @Override
  public ConvKernels conv() {
    return conv;
  }

  @Override
  public PoolKernels pool() {
    return pool;
  }

  @Override
  public NormKernels norm() {
    return norm;
  }

  @Override
  public DropoutKernels dropout() {
    return dropout;
  }

  @Override
  public SoftmaxKernels softmax() {
    return softmax;
  }

  @Override
  public LossKernels loss() {
    return loss;
  }

  @Override
  public OptimKernels optim() {
    return optim;
  }

  @Override
  public ImageKernels image() {
    return image;
  }

  @Override
  public PointwiseKernels pointwise() {
    return pointwise;
  }

  @Override
  public IndexKernels index() {
    return index;
  }

  /**
   * An uploader for the calling thread that copies through two pinned buffers on its own stream,
   * overlapping the next batch's copy with the current batch's compute ({@link CudaUploader}).
   */
  @Override
  public HostUploader newUploader() {
    return new CudaUploader(this);
  }

  @Override
  public String toString() {
    return "CudaBackend[" + context + "]";
  }
}
