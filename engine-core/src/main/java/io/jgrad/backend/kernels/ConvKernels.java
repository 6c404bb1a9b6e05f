package io.jgrad.backend.kernels;

import io.jgrad.backend.Storage;
import io.jgrad.backend.params.Conv2dParams;

/** 2-D convolution (cross-correlation), NCHW input, OIHW weight, with groups. */
public interface ConvKernels {
  /** y = conv(x, w) + bias; {@code bias} may be null. */
  Storage forward(Storage input, Storage weight, Storage bias, Conv2dParams p);

  /** dL/dx from dL/dy. */
  Storage backwardData(Storage gradOut, Storage weight, Conv2dParams p);

  /** dL/dw from dL/dy and x. */
  Storage backwardWeight(Storage gradOut, Storage input, Conv2dParams p);

  /** dL/dbias: dL/dy summed over N, H, W. */
  Storage backwardBias(Storage gradOut, Conv2dParams p);
}
