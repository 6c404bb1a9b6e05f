package io.jgrad;

import io.jgrad.backend.Backend;
import io.jgrad.backend.Storage;

/** Copies storage between backends through the host, in double when the reference is involved. */
final class Transfer {
  private Transfer() {}

  static Storage copy(Storage src, Backend target) {
    Backend from = src.backend();
    boolean exact =
        from.device().equals(Device.REFERENCE) || target.device().equals(Device.REFERENCE);
    return exact
        ? target.memory().fromDoubles(from.memory().toDoubles(src))
        : target.memory().fromFloats(from.memory().toFloats(src));
  }
}
