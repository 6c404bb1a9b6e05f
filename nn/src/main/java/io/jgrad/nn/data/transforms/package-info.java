/**
 * Per-sample image transforms in the shape of {@code torchvision.transforms}: {@link
 * io.jgrad.nn.data.transforms.Compose}, {@link io.jgrad.nn.data.transforms.Normalize}, {@link
 * io.jgrad.nn.data.transforms.RandomRotation}, {@link io.jgrad.nn.data.transforms.RandomCrop} and
 * {@link io.jgrad.nn.data.transforms.ToTensor}.
 */
package io.jgrad.nn.data.transforms;
