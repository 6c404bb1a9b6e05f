package io.jgrad.examples.mnist.data;

import java.io.IOException;

/**
 * No mirror could deliver an MNIST file (typically: this machine is offline). The message lists
 * every URL tried with its error and tells the user to pass {@code --data DIR} with the four files
 * instead.
 */
public class MnistDownloadException extends IOException {
  /** An exception with the full, user-facing {@code message}. */
  public MnistDownloadException(String message) {
    super(message);
  }
}
