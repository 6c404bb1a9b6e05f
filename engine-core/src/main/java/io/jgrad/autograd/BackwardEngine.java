package io.jgrad.autograd;

import io.jgrad.Tensor;
import io.jgrad.backend.Storage;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.util.Checks;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation: an iterative topological sort from the root (no recursion, so deep
 * graphs cannot overflow the stack), then each node's backward in reverse order, summing gradients
 * that meet at a node and accumulating into the leaves' {@code grad}.
 */
public final class BackwardEngine {
  private BackwardEngine() {}

  /**
   * Checks {@code gradient} against {@code root} and back-propagates it with grad mode off.
   *
   * @param retainGraph keep saved state so backward can run through the graph again
   */
  @SuppressWarnings("try") // the scope is used only for its close()
  public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
    if (!root.requiresGrad()) {
      throw new IllegalStateException(
          "backward: this tensor does not require grad and has no grad_fn");
    }
    Checks.sameShape("backward", "gradient", root.shape(), gradient.shape());
    Checks.sameDevice("backward", root, gradient);
    if (root.gradFn() == null) {
      root.accumulateGrad(gradient.storage());
      return;
    }
    try (var scope = GradMode.noGrad()) {
      run(root, gradient.storage(), retainGraph);
    }
  }

  /**
   * Back-propagates {@code seed} (the gradient of {@code root}) through the graph.
   *
   * <p>Intermediate gradient buffers are closed as soon as nothing needs them (see {@link
   * GradientBuffers}), so the backend can reuse their memory for the next op; with {@link
   * ActivationRelease} enabled, so are the ops' outputs.
   *
   * @param retainGraph keep saved state so backward can run through the graph again
   */
  public static void run(Tensor root, Storage seed, boolean retainGraph) {
    List<Function> order = topologicalOrder(root.gradFn());
    boolean freeOutputs = !retainGraph && ActivationRelease.isEnabled();
    Map<Function, Storage> pending = new IdentityHashMap<>();
    GradientBuffers buffers = new GradientBuffers(seed);
    List<Storage> replaced = new ArrayList<>();
    pending.put(root.gradFn(), seed);
    buffers.hold(seed);
    if (root.retainsGrad()) {
      root.accumulateGrad(seed);
    }
    for (Function fn : order) {
      Storage g = pending.remove(fn);
      if (g == null) {
        continue; // no gradient reached this node (its output was unused downstream)
      }
      buffers.drop(g);
      Tensor[] inputs = fn.inputs();
      if (inputs == null) {
        fn.runBackward(g); // throws the "already released" error
      }
      Storage[] grads = fn.runBackward(g);
      buffers.produced(grads);
      for (int i = 0; i < inputs.length; i++) {
        Tensor in = inputs[i];
        if (in == null || !fn.needsInputGrad(i) || grads[i] == null) {
          continue;
        }
        Function parent = in.gradFn();
        if (parent == null) {
          in.accumulateGrad(grads[i]); // copies or adds: the buffer stays ours
          continue;
        }
        if (in.retainsGrad()) {
          in.accumulateGrad(grads[i]);
        }
        Storage prev = pending.get(parent);
        if (prev == null) {
          pending.put(parent, grads[i]);
          buffers.hold(grads[i]);
          continue;
        }
        // Gradients may alias (AddOp passes one buffer to both inputs): sum into a new buffer.
        Storage sum = prev.backend().elementwise().binary(BinaryOp.ADD, prev, grads[i]);
        buffers.produced(sum);
        pending.put(parent, sum);
        buffers.hold(sum);
        buffers.drop(prev);
        replaced.add(prev); // released below: a later input may still be handed the same buffer
      }
      buffers.releaseIfUnused(g);
      for (Storage s : grads) {
        buffers.releaseIfUnused(s);
      }
      for (Storage s : replaced) {
        buffers.releaseIfUnused(s);
      }
      replaced.clear();
      if (!retainGraph) {
        Storage out = fn.output();
        fn.release();
        if (freeOutputs && out != root.storage() && !sharesInput(out, inputs)) {
          out.close(); // every consumer of this output has run its backward (topological order)
        }
      }
    }
  }

  /** Whether {@code out} is the buffer of one of {@code inputs} (a view such as a reshape). */
  private static boolean sharesInput(Storage out, Tensor[] inputs) {
    for (Tensor in : inputs) {
      if (in != null && in.storage() == out) {
        return true;
      }
    }
    return false;
  }

  /** Nodes reachable from {@code root}, each after every node that consumes its output. */
  static List<Function> topologicalOrder(Function root) {
    List<Function> post = new ArrayList<>();
    Set<Function> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {root, 0});
    visited.add(root);
    while (!stack.isEmpty()) {
      Object[] frame = stack.peek();
      Function fn = (Function) frame[0];
      int next = (Integer) frame[1];
      Tensor[] inputs = fn.isReleased() ? null : fn.inputs();
      if (inputs != null && next < inputs.length) {
        frame[1] = next + 1;
        Tensor in = inputs[next];
        Function parent = in == null ? null : in.gradFn();
        if (parent != null && visited.add(parent)) {
          stack.push(new Object[] {parent, 0});
        }
      } else {
        stack.pop();
        post.add(fn);
      }
    }
    Collections.reverse(post);
    return post;
  }
}
