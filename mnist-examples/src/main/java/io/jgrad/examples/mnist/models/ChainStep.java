package io.jgrad.examples.mnist.models;

import java.util.Map;

/**
 * One step of an experiment chain: a registered model trained with its recipe plus some option
 * overrides (e.g. dropout, rotation, a schedule).
 *
 * @param step the step number, from 1
 * @param title what the step changes, e.g. "batch norm"
 * @param target the step's published goal, e.g. "params < 8k, test >= 99.4%"
 * @param model the registered model
 * @param overrides {@code train} options replacing the recipe's (name without dashes to text)
 */
public record ChainStep(
    int step, String title, String target, String model, Map<String, String> overrides) {
  /** Copies the overrides. */
  public ChainStep {
    overrides = Map.copyOf(overrides);
  }
}
