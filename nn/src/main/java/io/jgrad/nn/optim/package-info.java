/**
 * Optimizers in the image of {@code torch.optim} (PyTorch 1.13 semantics): {@link
 * io.jgrad.nn.optim.SGD}, {@link io.jgrad.nn.optim.Adam} and {@link io.jgrad.nn.optim.AdamW} over
 * {@link io.jgrad.nn.optim.ParamGroup}s of leaf tensors. They never depend on modules; each update
 * runs as one fused backend kernel through {@link io.jgrad.functional.OptimizerUpdates}. The state
 * dict layout (float32 tensors plus exact text metadata, safetensors-ready) is documented on {@link
 * io.jgrad.nn.optim.Optimizer}.
 */
package io.jgrad.nn.optim;
