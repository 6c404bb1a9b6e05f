package io.jgrad.examples.mnist.data;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.data.LoaderSeeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mini-batches of an {@link MnistDataset}, prepared ahead on background threads.
 *
 * <p>Each epoch visits the dataset once, in the identity order or (with {@code shuffle}) in a
 * Fisher-Yates permutation drawn from a {@link io.jgrad.Generator} seeded by {@link
 * #shuffleSeed(long, int)}; batch {@code k} holds positions {@code [k*B, (k+1)*B)} of that order
 * (the last batch is short, or dropped with {@code dropLast}). Each image goes through ToTensor,
 * the augmentations (e.g. {@link RandomRotation}), then {@link Normalize}. The augmentations of
 * batch {@code k} draw, image after image, from a generator seeded by {@link #batchSeed(long, int,
 * int)}, so a batch's content depends only on (seed, epoch, k): not on the number of workers, nor
 * on where an epoch was started ({@link #epoch(int, int)} resumes exactly).
 *
 * <pre>{@code
 * try (DataLoader loader = DataLoader.builder(train).batchSize(128).shuffle(true).seed(1)
 *         .augment(new RandomRotation(7, Interpolation.BILINEAR, 0f)).build()) {
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
 * <p>Workers build host arrays only; the image tensor is created on the consumer's thread (so
 * device backends with thread-bound contexts work), through the device's {@link
 * io.jgrad.TensorUploader} (on a GPU: pinned buffers, the next batch's copy overlapping the current
 * batch's compute). With {@link Builder#rotateOnDevice} a final {@link RandomRotation} and the
 * normalization run on the device at hand-over ({@link DeviceRotation}); the workers still draw the
 * angles, so batches hold the same images either way. Close the loader to stop its threads.
 */
public final class DataLoader implements AutoCloseable {
  private static final AtomicInteger LOADER_IDS = new AtomicInteger();

  private final MnistDataset dataset;
  private final int batchSize;
  private final boolean shuffle;
  private final boolean dropLast;
  private final long seed;
  private final Device device;
  private final Normalize normalize;
  private final List<ImageTransform> augment;
  private final DeviceRotation deviceRotation;
  private final int prefetch;
  private final WorkerPool pool;

  private DataLoader(Builder b) {
    this.dataset = b.dataset;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.dropLast = b.dropLast;
    this.seed = b.seed;
    this.device = b.device;
    this.normalize = b.normalize;
    int last = b.augment.size() - 1;
    boolean defer = b.rotateOnDevice && last >= 0 && b.augment.get(last) instanceof RandomRotation;
    this.deviceRotation =
        defer ? new DeviceRotation((RandomRotation) b.augment.get(last), b.normalize) : null;
    this.augment = List.copyOf(defer ? b.augment.subList(0, last) : b.augment);
    this.prefetch = b.prefetch;
    String name = "jgrad-mnist-loader-" + LOADER_IDS.incrementAndGet() + "-";
    this.pool = new WorkerPool(b.workers, name);
  }

  /** A builder over {@code dataset} (batch size 64, no shuffle, seed 0, MNIST normalization). */
  public static Builder builder(MnistDataset dataset) {
    return new Builder(dataset);
  }

  /** The seed of epoch {@code epoch}'s shuffle generator; see {@link LoaderSeeds}. */
  public static long shuffleSeed(long seed, int epoch) {
    return LoaderSeeds.shuffleSeed(seed, epoch);
  }

  /** The seed of batch {@code batch}'s augmentation generator; see {@link LoaderSeeds}. */
  public static long batchSeed(long seed, int epoch, int batch) {
    return LoaderSeeds.batchSeed(seed, epoch, batch);
  }

  /** The dataset. */
  public MnistDataset dataset() {
    return dataset;
  }

  /** Images per batch (the last one may be smaller unless {@code dropLast}). */
  public int batchSize() {
    return batchSize;
  }

  /** Batches per epoch. */
  public int numBatches() {
    int n = dataset.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  /** The device the image tensors are put on. */
  public Device device() {
    return device;
  }

  /**
   * The order in which epoch {@code epoch} visits the dataset: a permutation of {@code 0 .. size-1}
   * (the identity without shuffle). Fisher-Yates from the last position down, each swap partner
   * drawn with {@code nextInt(i + 1)}.
   */
  public int[] epochOrder(int epoch) {
    int n = dataset.size();
    return shuffle
        ? LoaderSeeds.permutation(n, new Generator(shuffleSeed(seed, epoch)))
        : LoaderSeeds.identity(n);
  }

  /** Iterates all batches of {@code epoch}. */
  public BatchIterator epoch(int epoch) {
    return epoch(epoch, 0);
  }

  /**
   * Iterates batches {@code startBatch .. numBatches()-1} of {@code epoch}: exactly the tail a full
   * pass would give (for resuming mid-epoch). Close the iterator when leaving early.
   */
  public BatchIterator epoch(int epoch, int startBatch) {
    if (startBatch < 0 || startBatch > numBatches()) {
      throw new IllegalArgumentException(
          "DataLoader.epoch: startBatch must be in [0, " + numBatches() + "], got " + startBatch);
    }
    pool.ensureOpen();
    return new BatchIterator(this, epoch, epochOrder(epoch), startBatch, numBatches(), prefetch);
  }

  /** Builds batch {@code k} of {@code epoch} on the calling thread (no prefetch). */
  public Batch batch(int epoch, int k) {
    if (k < 0 || k >= numBatches()) {
      throw new IllegalArgumentException(
          "DataLoader.batch: batch index must be in [0, " + numBatches() + "), got " + k);
    }
    BatchAssembler.HostBatch h = assemble(epoch, epochOrder(epoch), k);
    return toBatch(epoch, k, h, Tensors.fromArray(h.images(), imageShape(h), device));
  }

  /** The host data of batch {@code k} of the epoch whose order is {@code order}. */
  BatchAssembler.HostBatch assemble(int epoch, int[] order, int k) {
    int from = k * batchSize;
    int to = Math.min(from + batchSize, order.length);
    int[] indices = Arrays.copyOfRange(order, from, to);
    RandomRotation deferred = deviceRotation == null ? null : deviceRotation.rotation();
    long s = batchSeed(seed, epoch, k);
    return BatchAssembler.assemble(dataset, indices, augment, normalize, deferred, s);
  }

  /** The shape of a batch's image tensor, {@code [B, 1, rows, cols]}. */
  Shape imageShape(BatchAssembler.HostBatch h) {
    return Shape.of(h.labels().length, 1, dataset.rows(), dataset.cols());
  }

  /** A batch of host data whose images were uploaded to {@code images} (deferred work done). */
  Batch toBatch(int epoch, int k, BatchAssembler.HostBatch h, Tensor images) {
    Tensor x = h.angles() == null ? images : deviceRotation.finish(images, h.angles());
    return new Batch(epoch, k, x, h.labels(), h.indices());
  }

  /** Schedules batch {@code k} on a worker. */
  Future<BatchAssembler.HostBatch> submit(int epoch, int[] order, int k) {
    return pool.submit(() -> assemble(epoch, order, k));
  }

  /** The name prefix of this loader's worker threads (for leak checks). */
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
    private final MnistDataset dataset;
    private int batchSize = 64;
    private boolean shuffle;
    private boolean dropLast;
    private long seed;
    private Device device = Device.CPU;
    private Normalize normalize = Normalize.MNIST;
    private final List<ImageTransform> augment = new ArrayList<>();
    private int workers = 1;
    private int prefetch = 4;
    private boolean rotateOnDevice;

    private Builder(MnistDataset dataset) {
      if (dataset == null) {
        throw new IllegalArgumentException("DataLoader.builder: dataset is null");
      }
      this.dataset = dataset;
    }

    /** Images per batch, >= 1 (default 64). */
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

    /** Seed of the shuffles and augmentations (default 0). */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Device of the image tensors (default CPU). */
    public Builder device(Device v) {
      device = v;
      return this;
    }

    /** The final normalization (default {@link Normalize#MNIST}); {@code null} for none. */
    public Builder normalize(Normalize v) {
      normalize = v;
      return this;
    }

    /** Appends random augmentations, applied in order to [0, 1] images before normalizing. */
    public Builder augment(ImageTransform... transforms) {
      augment.addAll(List.of(transforms));
      return this;
    }

    /**
     * Runs a final {@link RandomRotation} augmentation and the normalization on the loader's device
     * at hand-over instead of on the workers (default false). Meant for GPUs, where it moves the
     * per-pixel work off the host; the images are the same up to float rounding.
     */
    public Builder rotateOnDevice(boolean v) {
      rotateOnDevice = v;
      return this;
    }

    /** Worker threads, >= 1 (default 1). Results do not depend on it. */
    public Builder workers(int v) {
      workers = positive("workers", v);
      return this;
    }

    /** Batches prepared ahead of the consumer, >= 1 (default 4). */
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
