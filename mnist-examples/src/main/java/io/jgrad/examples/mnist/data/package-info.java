/**
 * What is MNIST's own in the data pipeline: reading the IDX files ({@link
 * io.jgrad.examples.mnist.data.IdxReader}), the in-memory dataset ({@link
 * io.jgrad.examples.mnist.data.MnistDataset}, an {@link io.jgrad.nn.data.Dataset}) and fetching the
 * files when absent ({@link io.jgrad.examples.mnist.data.MnistDownloader}). Batching, shuffling,
 * the transforms and the background workers are nn.data's ({@link io.jgrad.nn.data.DataLoader},
 * {@link io.jgrad.nn.data.transforms}).
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * Path dir = dataOption != null ? dataOption : MnistDownloader.defaultDataDir();
 * if (dataOption == null) {
 *   MnistDownloader.withDefaults().ensure(dir);     // offline: clear error naming --data
 * }
 * MnistDataset train = MnistDataset.load(dir, true).limit(limit);
 * try (DataLoader loader = train.loader().batchSize(128).shuffle(true).seed(seed)
 *     .transform(MnistDataset.transform(new RandomRotation(7))).device(device).build()) {
 *   try (BatchIterator it = loader.epoch(epoch, startBatch)) { ... }
 * }
 * }</pre>
 */
package io.jgrad.examples.mnist.data;
