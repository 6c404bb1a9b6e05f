package io.jgrad.nn.layers;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.backend.Backends;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;
import io.jgrad.nn.init.Init;

/**
 * y = x·Wᵀ + b over [N, in], like {@code torch.nn.Linear}: parameters {@code weight} [out, in] and
 * (unless {@code bias=false}) {@code bias} [out], both initialized U(±1/sqrt(in)) as PyTorch does.
 */
public class Linear extends Module {
  private final int inFeatures;
  private final int outFeatures;

  /** With bias, default generator. */
  public Linear(int inFeatures, int outFeatures) {
    this(inFeatures, outFeatures, true);
  }

  /** Default generator. */
  public Linear(int inFeatures, int outFeatures, boolean bias) {
    this(inFeatures, outFeatures, bias, Init.defaultGenerator());
  }

  /** Initialized from {@code generator}. */
  public Linear(int inFeatures, int outFeatures, boolean bias, Generator generator) {
    if (inFeatures < 1 || outFeatures < 1) {
      throw new IllegalArgumentException(
          "Linear: in_features and out_features must be >= 1, got "
              + inFeatures
              + " and "
              + outFeatures);
    }
    if (generator == null) {
      throw new IllegalArgumentException("Linear: generator must not be null");
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    Device d = Backends.defaultDevice();
    Tensor w = registerParameter("weight", Tensors.zeros(Shape.of(outFeatures, inFeatures), d));
    Tensor b = registerParameter("bias", bias ? Tensors.zeros(Shape.of(outFeatures), d) : null);
    Init.defaultLayerInit(w, b, generator);
  }

  @Override
  public Tensor forward(Tensor x) {
    return Functional.linear(x, weight(), bias());
  }

  /** The weight [out, in]. */
  public Tensor weight() {
    return parameter("weight");
  }

  /** The bias [out], or null. */
  public Tensor bias() {
    return parameter("bias");
  }

  /** Input features. */
  public int inFeatures() {
    return inFeatures;
  }

  /** Output features. */
  public int outFeatures() {
    return outFeatures;
  }

  @Override
  protected String extraRepr() {
    return "in_features="
        + inFeatures
        + ", out_features="
        + outFeatures
        + ", bias="
        + Reprs.pyBool(bias() != null);
  }
}
