package io.jgrad.autograd;

/**
 * Whether ops record the autograd graph on this thread. Use as a scope:
 *
 * <pre>{@code
 * try (var scope = GradMode.noGrad()) {
 *   Tensor logits = model.forward(x); // nothing recorded
 * }
 * }</pre>
 */
public final class GradMode {
  private static final ThreadLocal<boolean[]> ENABLED =
      ThreadLocal.withInitial(() -> new boolean[] {true});

  private GradMode() {}

  /** A scope that restores the previous mode when closed. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Whether recording is on for this thread. */
  public static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /** Turns recording off until the returned scope is closed. */
  public static Scope noGrad() {
    return set(false);
  }

  /** Turns recording on until the returned scope is closed. */
  public static Scope enableGrad() {
    return set(true);
  }

  private static Scope set(boolean on) {
    boolean[] flag = ENABLED.get();
    boolean previous = flag[0];
    flag[0] = on;
    return () -> flag[0] = previous;
  }
}
