package io.jgrad.nn.data;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.data.transforms.RandomRotation;
import io.jgrad.nn.data.transforms.Transform;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mini-batches of a {@link Dataset}, in the shape of {@code torch.utils.data.DataLoader}, built
 * ahead on background worker threads.
 *
 * <p>Epoch {@code e} visits the dataset once, in index order or (with {@code shuffle}) in a
 * Fisher-Yates permutation drawn from a {@link Generator} seeded by {@link
 * LoaderSeeds#shuffleSeed}; batch {@code k} holds positions {@code [k*B, (k+1)*B)} of that order
 * (the last batch is short, or dropped with {@code dropLast}). The transform of batch {@code k}
 * draws, sample after sample, from a generator seeded by {@link LoaderSeeds#batchSeed}, so the
 * order and content of every batch depend only on (seed, epoch, k): never on the worker count, nor
 * on where an epoch was started ({@link #epoch(int, int)} resumes mid-epoch exactly).
 *
 * <pre>{@code
 * try (DataLoader loader = DataLoader.builder(ds).batchSize(32).shuffle(true).seed(1)
 *         .transform(new RandomCrop(28, 2)).workers(2).build()) {
 *   for (int e = 0; e < epochs; e++) {
 *     try (BatchIterator it = loader.epoch(e)) {
 *       while (it.hasNext()) {
 *         try (Batch b = it.next()) { ... b.images() ... b.labels() ... }
 *       }
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>{@code for (Batch b : loader)} also works: each {@link #iterator()} starts the next epoch (0,
 * 1, 2, ...), as PyTorch reshuffles on every pass. Workers build host arrays only; the image tensor
 * is made on the consumer's thread through the device's {@link io.jgrad.TensorUploader} (the
 * backend's {@link io.jgrad.backend.HostUploader}), which on a GPU copies the next batch while the
 * current one computes. With {@link Builder#rotateOnDevice} a final {@link RandomRotation} (and a
 * {@code Normalize} after it) runs on the device at hand-over instead; the workers still draw the
 * angles, so the batches hold the same images either way. Close the loader to stop its threads.
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {
  private static final AtomicInteger LOADER_IDS = new AtomicInteger();

  private final Dataset dataset;
  private final int batchSize;
  private final boolean shuffle;
  private final boolean dropLast;
  private final long seed;
  private final Device device;
  private final Transform transform;
  private final DeviceRotation deviceRotation;
  private final int prefetch;
  private final WorkerPool pool;
  private final AtomicInteger nextEpoch = new AtomicInteger();

  private DataLoader(Builder b) {
    this.dataset = b.dataset;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.dropLast = b.dropLast;
    this.seed = b.seed;
    this.device = b.device;
    DeviceRotation.Split split =
        b.rotateOnDevice
            ? DeviceRotation.split(b.transform)
            : new DeviceRotation.Split(b.transform, null);
    this.transform = split.host();
    this.deviceRotation = split.device();
    this.prefetch = b.prefetch;
    this.pool = new WorkerPool(b.workers, "jgrad-loader-" + LOADER_IDS.incrementAndGet() + "-");
  }

  /** A builder over {@code dataset}: batch size 1, no shuffle, seed 0, 1 worker, CPU. */
  public static Builder builder(Dataset dataset) {
    return new Builder(dataset);
  }

  /** The dataset. */
  public Dataset dataset() {
    return dataset;
  }

  /** Samples per batch (the last batch may hold fewer unless {@code dropLast}). */
  public int batchSize() {
    return batchSize;
  }

  /** Batches per epoch. */
  public int numBatches() {
    int n = dataset.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** The device the batches' images are put on. */
  public Device device() {
    return device;
  }

  /** The order in which epoch {@code epoch} visits the dataset (identity without shuffle). */
  public int[] epochOrder(int epoch) {
    int n = dataset.size();
    return shuffle
        ? LoaderSeeds.permutation(n, new Generator(LoaderSeeds.shuffleSeed(seed, epoch)))
        : LoaderSeeds.identity(n);
  }

  /** The seed of the shuffles and transforms. */
  public long seed() {
    return seed;
  }

  /** The batches of {@code epoch}; close the iterator when leaving early. */
  public BatchIterator epoch(int epoch) {
    return epoch(epoch, 0);
  }

  /**
   * Batches {@code startBatch .. numBatches()-1} of {@code epoch}: exactly the tail a full pass
   * gives (for resuming mid-epoch). Close the iterator when leaving early.
   */
  public BatchIterator epoch(int epoch, int startBatch) {
    if (startBatch < 0 || startBatch > numBatches()) {
      throw new IllegalArgumentException(
          "DataLoader.epoch: startBatch must be in [0, " + numBatches() + "], got " + startBatch);
    }
    pool.ensureOpen();
    return new BatchIterator(this, epoch, epochOrder(epoch), startBatch, numBatches(), prefetch);
  }

  /** The batches of the next epoch: 0 on the first call, then 1, 2, ... */
  @Override
  public Iterator<Batch> iterator() {
    return epoch(nextEpoch.getAndIncrement());
  }

  /** Builds batch {@code k} of {@code epoch} on the calling thread, without the workers. */
  public Batch batch(int epoch, int k) {
    if (k < 0 || k >= numBatches()) {
      throw new IndexOutOfBoundsException(
          "DataLoader.batch: batch index must be in [0, " + numBatches() + "), got " + k);
    }
    BatchAssembler.HostBatch h = assemble(epoch, epochOrder(epoch), k);
    return toBatch(epoch, k, h, Tensors.fromArray(h.images(), h.shape(), device));
  }

  /** A batch of host data whose images were uploaded to {@code images} (deferred work done). */
  Batch toBatch(int epoch, int k, BatchAssembler.HostBatch h, Tensor images) {
    Tensor x = h.angles() == null ? images : deviceRotation.finish(images, h.angles());
    return new Batch(epoch, k, x, h.labels(), h.indices());
  }

  BatchAssembler.HostBatch assemble(int epoch, int[] order, int k) {
    int from = k * batchSize;
    int[] indices = Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length));
    RandomRotation deferred = deviceRotation == null ? null : deviceRotation.rotation();
    return BatchAssembler.assemble(
        dataset, indices, transform, deferred, LoaderSeeds.batchSeed(seed, epoch, k));
  }

  Future<BatchAssembler.HostBatch> submit(int epoch, int[] order, int k) {
    return pool.submit(() -> assemble(epoch, order, k));
  }

  /** The name prefix of this loader's worker threads. */
  String threadNamePrefix() {
    return pool.namePrefix();
  }

  /** Stops the worker threads and waits until they have ended. Idempotent. */
  @Override
  public void close() {
    pool.close();
  }

  /** Configures a {@link DataLoader}. */
  public static final class Builder {
    private final Dataset dataset;
    private int batchSize = 1;
    private boolean shuffle;
    private boolean dropLast;
    private long seed;
    private Device device = Device.CPU;
    private Transform transform;
    private int workers = 1;
    private int prefetch = 2;
    private boolean rotateOnDevice;

    private Builder(Dataset dataset) {
      if (dataset == null) {
        throw new IllegalArgumentException("DataLoader.builder: dataset is null");
      }
      this.dataset = dataset;
    }

    /** Samples per batch, >= 1 (default 1, as PyTorch). */
    public Builder batchSize(int v) {
      batchSize = positive("batchSize", v);
      return this;
    }

    /** Reshuffle the order every epoch (default false). */
    public Builder shuffle(boolean v) {
      shuffle = v;
      return this;
    }

    /** Drop the last, incomplete batch (default false). */
    public Builder dropLast(boolean v) {
      dropLast = v;
      return this;
    }

    /** The seed of the shuffles and random transforms (default 0). */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Seeds the loader with the next draw of {@code gen} (PyTorch's {@code generator=}). */
    public Builder generator(Generator gen) {
      seed = gen.nextLong();
      return this;
    }

    /** The device of the batches' images (default CPU). */
    public Builder device(Device v) {
      device = v;
      return this;
    }

    /** The transform applied to every sample on the workers (default none). */
    public Builder transform(Transform v) {
      transform = v;
      return this;
    }

    /**
     * Runs the transform's final {@link RandomRotation}, and a {@code Normalize} right after it, on
     * the device at hand-over instead of on the workers (default false); a transform that does not
     * end so stays on the workers. Meant for GPUs, where it moves the per-pixel work off the host;
     * on the CPU the result is the same bits as without it.
     */
    public Builder rotateOnDevice(boolean v) {
      rotateOnDevice = v;
      return this;
    }

    /** Worker threads, >= 1 (default 1). Batches do not depend on it. */
    public Builder workers(int v) {
      workers = positive("workers", v);
      return this;
    }

    /** Batches built ahead of the consumer, >= 1 (default 2). */
    public Builder prefetch(int v) {
      prefetch = positive("prefetch", v);
      return this;
    }

    private static int positive(String name, int v) {
      if (v < 1) {
        throw new IllegalArgumentException("DataLoader: " + name + " must be >= 1, got " + v);
      }
      return v;
    }

    /** The loader. */
    public DataLoader build() {
      return new DataLoader(this);
    }
  }
}
