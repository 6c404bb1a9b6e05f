/**
 * Data loading in the shape of {@code torch.utils.data}: the {@link io.jgrad.nn.data.Dataset}
 * contract, an in-memory {@link io.jgrad.nn.data.TensorDataset}, an {@link
 * io.jgrad.nn.data.ImageFolder} of PNG/JPEG files, and a {@link io.jgrad.nn.data.DataLoader} that
 * batches, shuffles and transforms samples on background workers with the same result for any
 * worker count. Transforms are in {@link io.jgrad.nn.data.transforms}. The MNIST example
 * (mnist-examples: its {@code MnistDataset} is a {@link io.jgrad.nn.data.Dataset}) is built on this
 * package: its trainer, evaluator and LR finder batch MNIST with this {@link
 * io.jgrad.nn.data.DataLoader} and these transforms.
 */
package io.jgrad.nn.data;
