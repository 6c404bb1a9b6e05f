package io.jgrad.examples.mnist.cli;

/**
 * A problem with the user's configuration (flags, config file, recipe, model name): reported as one
 * clear line without a stack trace, exit code 2.
 */
public class ConfigException extends RuntimeException {
  /** An error with a message naming the source and the problem. */
  public ConfigException(String message) {
    super(message);
  }

  /** An error with a cause. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
