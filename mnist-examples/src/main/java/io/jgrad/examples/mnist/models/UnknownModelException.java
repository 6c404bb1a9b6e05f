package io.jgrad.examples.mnist.models;

/** A model name that is not registered; the message lists the registered ones. */
public class UnknownModelException extends IllegalArgumentException {
  /** An error for {@code name}. */
  public UnknownModelException(String name, Iterable<String> known) {
    super("unknown model '" + name + "'; known models: " + String.join(", ", known));
  }
}
