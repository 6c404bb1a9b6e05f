/**
 * The MNIST data pipeline: reading the IDX files ({@link io.jgrad.examples.mnist.data.IdxReader}),
 * the in-memory dataset ({@link io.jgrad.examples.mnist.data.MnistDataset}), fetching the files
 * when absent ({@link io.jgrad.examples.mnist.data.MnistDownloader}), torchvision-compatible
 * transforms ({@link io.jgrad.examples.mnist.data.ToTensor}, {@link
 * io.jgrad.examples.mnist.data.Normalize}, {@link io.jgrad.examples.mnist.data.RandomRotation}) and
 * the prefetching, deterministic {@link io.jgrad.examples.mnist.data.DataLoader}.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * Path dir = dataOption != null ? dataOption : MnistDownloader.defaultDataDir();
 * if (dataOption == null) {
 *   MnistDownloader.withDefaults().ensure(dir);     // offline: clear error naming --data
 * }
 * MnistDataset train = MnistDataset.load(dir, true).limit(limit);
 * try (DataLoader loader = DataLoader.builder(train).batchSize(128).shuffle(true).seed(seed)
 *     .augment(new RandomRotation(7, Interpolation.BILINEAR, 0f)).device(device).build()) {
 *   try (BatchIterator it = loader.epoch(epoch, startBatch)) { ... }
 * }
 * }</pre>
 */
package io.jgrad.examples.mnist.data;
