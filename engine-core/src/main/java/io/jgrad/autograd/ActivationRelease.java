package io.jgrad.autograd;

/**
 * Opt-in memory saving for training loops: while enabled on a thread, {@code backward()} (without
 * {@code retainGraph}) closes each op's output buffer as soon as the op's backward has run, so the
 * backend reuses that memory for the next step instead of allocating fresh buffers (on the CPU this
 * keeps a step's working set warm in cache; on CUDA it returns blocks to the caching allocator).
 *
 * <pre>{@code
 * try (var scope = ActivationRelease.enable()) {
 *   Tensor logits = model.forward(x);
 *   Tensor loss = Functional.crossEntropy(logits, targets);
 *   int[] predicted = argmax(logits); // read intermediates before backward
 *   loss.backward();                  // frees logits and every other intermediate
 *   optimizer.step();
 * }
 * }</pre>
 *
 * <p>The root's buffer (the loss, even when it is a view of another op's output), leaves (inputs,
 * parameters) and views of leaves are never closed. Every other tensor computed from the leaves on
 * the way to the root is: reading one (or a view or {@code detach()} of one) after such a backward
 * throws an {@link IllegalStateException}, and so does a second backward through a graph that
 * shares those intermediates. PyTorch would still have them, which is why this is opt-in.
 *
 * <p>Without gradient recording ({@link GradMode#noGrad()}, an evaluation loop) there is no
 * backward: there the nn library's {@code Sequential} closes each intermediate output as soon as
 * the next module has read it, under the same opt-in.
 */
public final class ActivationRelease {
  private static final ThreadLocal<boolean[]> ENABLED =
      ThreadLocal.withInitial(() -> new boolean[] {false});

  private ActivationRelease() {}

  /** Whether backward frees intermediate outputs on this thread. */
  public static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /** Enables the release until the returned scope is closed (restoring the previous setting). */
  public static GradMode.Scope enable() {
    boolean[] flag = ENABLED.get();
    boolean previous = flag[0];
    flag[0] = true;
    return () -> flag[0] = previous;
  }
}
