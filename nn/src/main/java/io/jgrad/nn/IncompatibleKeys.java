package io.jgrad.nn;

import java.util.List;

/**
 * What a non-strict {@link Module#loadStateDict(java.util.Map, boolean)} did not match, like
 * PyTorch's {@code _IncompatibleKeys}.
 *
 * @param missingKeys keys the module has but the state dict lacks (left unchanged)
 * @param unexpectedKeys keys of the state dict the module does not have (ignored)
 */
public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
  /** Copies the lists. */
  public IncompatibleKeys {
    missingKeys = List.copyOf(missingKeys);
    unexpectedKeys = List.copyOf(unexpectedKeys);
  }

  /** True when every key matched. */
  public boolean isEmpty() {
    return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
  }
}
