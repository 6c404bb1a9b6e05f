package io.jgrad.nn;

import io.jgrad.Tensor;
import io.jgrad.autograd.ActivationRelease;
import io.jgrad.autograd.GradMode;
import io.jgrad.backend.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link Sequential} closes during a forward pass without gradient recording while {@link
 * ActivationRelease} is enabled: each intermediate, once the next module has read it. Kept open:
 * the chain's input and views of it, and the input and output of any module with forward hooks on
 * it or inside it (a hook may keep them) and views of those. Views share their base's {@link
 * Storage}, so storages are what is tracked.
 */
final class IntermediateRelease {
  private final List<Storage> kept = new ArrayList<>(4);

  private IntermediateRelease(Tensor input) {
    kept.add(input.storage());
  }

  /** A tracker for a chain fed {@code input}, or null when nothing is to be closed now. */
  static IntermediateRelease forChain(Tensor input) {
    return !GradMode.isEnabled() && ActivationRelease.isEnabled()
        ? new IntermediateRelease(input)
        : null;
  }

  /** Module {@code m} read {@code in} and returned {@code out}: closes {@code in} if it may. */
  void consumed(Module m, Tensor in, Tensor out) {
    if (hooked(m)) {
      kept.add(in.storage());
      kept.add(out.storage());
    }
    Storage s = in.storage();
    if (s != out.storage() && !isKept(s)) {
      in.close();
    }
  }

  private boolean isKept(Storage s) {
    for (Storage k : kept) {
      if (k == s) {
        return true;
      }
    }
    return false;
  }

  private static boolean hooked(Module m) {
    if (m.hasForwardHooks()) {
      return true;
    }
    for (Module c : m.namedChildren().values()) {
      if (hooked(c)) {
        return true;
      }
    }
    return false;
  }
}
