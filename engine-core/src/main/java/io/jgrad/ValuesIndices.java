package io.jgrad;

/**
 * The result of a reduction that also says where: {@code values} (differentiable) and {@code
 * indices} (float32 tensor of exact integer positions along the reduced dim, no gradient), like
 * PyTorch's {@code torch.return_types.max}.
 */
public record ValuesIndices(Tensor values, Tensor indices) {}
