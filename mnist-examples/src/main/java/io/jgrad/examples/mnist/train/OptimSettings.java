package io.jgrad.examples.mnist.train;

import java.util.List;
import java.util.Locale;

/**
 * The optimizer of a run.
 *
 * @param name {@code sgd}, {@code adam} or {@code adamw}
 * @param lr learning rate (the peak rate under a one-cycle schedule)
 * @param momentum SGD momentum
 * @param nesterov SGD Nesterov momentum
 * @param weightDecay weight decay (L2 for sgd and adam, decoupled for adamw)
 */
public record OptimSettings(
    String name, double lr, double momentum, boolean nesterov, double weightDecay) {
  /** The optimizer names understood. */
  public static final List<String> NAMES = List.of("sgd", "adam", "adamw");

  /** Validates every value, naming the option at fault. */
  public OptimSettings {
    name = name == null ? "" : name.toLowerCase(Locale.ROOT);
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "--optimizer: unknown optimizer '" + name + "'; choose one of " + NAMES);
    }
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("--lr: must be a positive number, got " + lr);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("--momentum: must be in [0, 1), got " + momentum);
    }
    if (nesterov && name.equals("sgd") && momentum == 0) {
      throw new IllegalArgumentException("--nesterov: needs --momentum > 0");
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("--weight-decay: must be >= 0, got " + weightDecay);
    }
  }

  /** The default learning rate of an optimizer: 0.01 for SGD, 0.001 for the Adam family. */
  public static double defaultLr(String name) {
    return "sgd".equalsIgnoreCase(name) ? 0.01 : 0.001;
  }
}
