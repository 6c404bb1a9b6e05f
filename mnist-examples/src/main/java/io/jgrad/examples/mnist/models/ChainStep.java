package io.jgrad.examples.mnist.models;

import java.util.Map;

/**
 * One step of an experiment chain: a registered model trained with one of its recipes plus some
 * option overrides (e.g. dropout, rotation, a schedule), beside the figure the write-up published
 * for that step.
 *
 * @param step the step number, from 1
 * @param title what the step changes, e.g. "batch norm"
 * @param target the step's published goal, e.g. "params < 8k, test >= 99.4%"
 * @param model the registered model
 * @param recipe the model's recipe the step starts from ({@code tuned} or {@code published})
 * @param overrides {@code train} options replacing the recipe's (name without dashes to text)
 * @param published the published figure of the step, e.g. "99.53 (step 8)"; "-" when none
 */
public record ChainStep(
    int step,
    String title,
    String target,
    String model,
    String recipe,
    Map<String, String> overrides,
    String published) {
  /** Copies the overrides. */
  public ChainStep {
    overrides = Map.copyOf(overrides);
  }
}
