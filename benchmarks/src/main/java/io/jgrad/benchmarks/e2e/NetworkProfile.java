package io.jgrad.benchmarks.e2e;

import io.jgrad.Device;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.Backends;
import io.jgrad.backend.params.Conv2dParams;
import io.jgrad.nn.ForwardHook;
import io.jgrad.nn.Module;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.Linear;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leaf layers of a network in execution order with their input and output shapes, and the dense
 * FLOPs (convolutions and linear layers) of a forward pass and of a training step.
 *
 * <p>A training step costs the forward multiply-adds, the same again for each weight gradient, and
 * the same again for each input gradient except the first parameterized layer's, whose input (the
 * image) needs none. For net7840 that is 2.786 MFLOP forward and 8.235 MFLOP per training image
 * (the nominal "backward = 2x forward" figure is 8.357). Batch norm, ReLU, pooling and the loss add
 * about 1% and are counted by the kernel benchmarks instead.
 */
public final class NetworkProfile {
  /**
   * One leaf layer as run.
   *
   * @param path the dotted module path, e.g. {@code 3}
   * @param module the layer
   * @param in its input shape
   * @param out its output shape
   * @param needsInputGrad whether a training step computes the gradient of its input (false up to
   *     and including the first layer with parameters)
   */
  public record Layer(String path, Module module, Shape in, Shape out, boolean needsInputGrad) {
    /** The layer type, e.g. {@code Conv2d}. */
    public String type() {
      return module.name();
    }
  }

  private final List<Layer> layers;

  private NetworkProfile(List<Layer> layers) {
    this.layers = List.copyOf(layers);
  }

  /**
   * Runs one forward pass of {@code net} on zeros of shape {@code input} (evaluation mode, no
   * gradients, on the network's device) and records every leaf layer; the network's training flag
   * is restored afterwards.
   */
  public static NetworkProfile trace(Module net, Shape input) {
    Map<Module, String> leaves = new IdentityHashMap<>();
    for (Map.Entry<String, Module> e : net.namedModules().entrySet()) {
      if (e.getValue().namedChildren().isEmpty()) {
        leaves.putIfAbsent(e.getValue(), e.getKey());
      }
    }
    List<Layer> found = new ArrayList<>();
    boolean[] seenParams = {false};
    List<ForwardHook.Handle> handles = new ArrayList<>();
    for (Map.Entry<Module, String> e : leaves.entrySet()) {
      handles.add(
          e.getKey()
              .registerForwardHook(
                  (m, x, y) -> {
                    found.add(new Layer(leaves.get(m), m, x.shape(), y.shape(), seenParams[0]));
                    seenParams[0] |= !m.namedParameters(false).isEmpty();
                  }));
    }
    boolean training = net.isTraining();
    Tensor x = Tensors.zeros(input, deviceOf(net));
    GradMode.Scope noGrad = GradMode.noGrad();
    try {
      net.eval();
      net.call(x);
    } finally {
      noGrad.close();
      handles.forEach(ForwardHook.Handle::close);
      net.train(training);
    }
    return new NetworkProfile(found);
  }

  private static Device deviceOf(Module net) {
    List<Tensor> params = net.parameters();
    return params.isEmpty() ? Backends.defaultDevice() : params.get(0).device();
  }

  /** The leaf layers in execution order. */
  public List<Layer> layers() {
    return layers;
  }

  /** The batch size the profile was traced with. */
  public int batch() {
    return layers.isEmpty() ? 1 : layers.get(0).in().dim(0);
  }

  /** The kernel parameters of convolution layer {@code l}. */
  public static Conv2dParams convParams(Layer l) {
    Conv2d c = (Conv2d) l.module();
    Shape in = l.in();
    int[] k = c.kernelSize();
    int[] s = c.stride();
    int[] p = c.padding();
    int[] d = c.dilation();
    return new Conv2dParams(
        in.dim(0),
        in.dim(1),
        in.dim(2),
        in.dim(3),
        c.outChannels(),
        k[0],
        k[1],
        s[0],
        s[1],
        p[0],
        p[1],
        d[0],
        d[1],
        c.groups());
  }

  /** Forward FLOPs of layer {@code l} for the whole traced batch (0 unless dense). */
  public static double forwardFlops(Layer l) {
    if (l.module() instanceof Conv2d) {
      return 2.0 * convParams(l).macs();
    }
    if (l.module() instanceof Linear) {
      Linear lin = (Linear) l.module();
      long rows = l.in().numel() / lin.inFeatures();
      return 2.0 * rows * lin.inFeatures() * lin.outFeatures();
    }
    return 0;
  }

  /** Training-step FLOPs of layer {@code l}: forward, weight gradient, input gradient if needed. */
  public static double trainingFlops(Layer l) {
    double f = forwardFlops(l);
    return f * (l.needsInputGrad() ? 3 : 2);
  }

  /** Dense forward FLOPs per image. */
  public double forwardFlopsPerImage() {
    return layers.stream().mapToDouble(NetworkProfile::forwardFlops).sum() / batch();
  }

  /** Dense training-step FLOPs per image (see the class comment). */
  public double trainingFlopsPerImage() {
    return layers.stream().mapToDouble(NetworkProfile::trainingFlops).sum() / batch();
  }
}
