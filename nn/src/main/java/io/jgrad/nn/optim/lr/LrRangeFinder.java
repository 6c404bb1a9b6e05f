package io.jgrad.nn.optim.lr;

import io.jgrad.Tensor;
import io.jgrad.nn.Module;
import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.ParamGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learning-rate range test (Smith 2015; the torch-lr-finder and fastai {@code lr_find} recipe).
 * Iteration {@code i} of {@code numIter} sets every param group's lr to {@link #lrAt(int) startLr *
 * (endLr / startLr)^(i / (numIter - 1))}, clears the gradients, runs the caller's training step
 * (forward + backward on one batch, returning the loss) and calls {@code optimizer.step()}. The
 * loss is smoothed with a bias-corrected exponential average ({@code avg = beta avg + (1 - beta)
 * loss}, {@code smoothed = avg / (1 - beta^(i+1))}); the sweep stops early when the smoothed loss
 * exceeds {@code divThreshold} times the best smoothed loss so far, or when a loss is not finite.
 * Losses are assumed positive.
 *
 * <p>The suggestion is the lr where the smoothed loss falls fastest against {@code log(lr)}
 * (central differences, one-sided at the ends), ignoring the first {@code skipStart} and last
 * {@code skipEnd} points. Afterwards the model's state dict, its train/eval flags and the
 * optimizer's state and options (lrs included) are restored exactly, and the gradients cleared.
 */
public final class LrRangeFinder {
  /** One training step on the next batch: forward, backward, and the loss value. */
  @FunctionalInterface
  public interface TrainStep {
    /** Runs forward and backward on one batch and returns the (positive) loss. */
    double step();
  }

  /**
   * The sweep's record, one entry per iteration run.
   *
   * @param lrs the lr of each iteration
   * @param losses the raw losses
   * @param smoothedLosses the bias-corrected smoothed losses (NaN after a non-finite loss)
   * @param suggestion the lr at the steepest descent of the smoothed loss, NaN when too few points
   *     remain after skipping
   * @param suggestionIndex the index of {@code suggestion}, or -1
   * @param diverged whether the sweep stopped early on divergence
   */
  public record Result(
      double[] lrs,
      double[] losses,
      double[] smoothedLosses,
      double suggestion,
      int suggestionIndex,
      boolean diverged) {
    /** Whether there is a suggestion. */
    public boolean hasSuggestion() {
      return suggestionIndex >= 0;
    }
  }

  private final Module model;
  private final Optimizer optimizer;
  private double startLr = 1e-7;
  private double endLr = 10;
  private int numIter = 100;
  private double beta = 0.98;
  private double divThreshold = 5;
  private int skipStart = 10;
  private int skipEnd = 5;

  /**
   * A finder with torch-lr-finder's defaults: 1e-7 to 10 over 100 iterations, smoothing 0.98,
   * divergence at 5 times the best loss, skipping 10 points at the start and 5 at the end.
   */
  public LrRangeFinder(Module model, Optimizer optimizer) {
    if (model == null || optimizer == null) {
      throw new IllegalArgumentException("LrRangeFinder: model and optimizer must not be null");
    }
    this.model = model;
    this.optimizer = optimizer;
  }

  /**
   * The sweep: from {@code startLr} to {@code endLr} (exponentially) over {@code numIter} steps.
   *
   * @throws IllegalArgumentException unless {@code 0 < startLr < endLr} (finite) and {@code numIter
   *     >= 2}
   */
  public LrRangeFinder range(double startLr, double endLr, int numIter) {
    if (!(startLr > 0 && startLr < endLr && endLr < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "LrRangeFinder: need 0 < start_lr < end_lr (finite), got"
              + " start_lr="
              + startLr
              + ", end_lr="
              + endLr);
    }
    if (numIter < 2) {
      throw new IllegalArgumentException("LrRangeFinder: num_iter must be >= 2, got " + numIter);
    }
    this.startLr = startLr;
    this.endLr = endLr;
    this.numIter = numIter;
    return this;
  }

  /** The loss smoothing factor, in [0, 1) (0 = no smoothing). */
  public LrRangeFinder smoothing(double beta) {
    if (!(beta >= 0 && beta < 1)) {
      throw new IllegalArgumentException(
          "LrRangeFinder: smoothing beta must be in [0, 1), got " + beta);
    }
    this.beta = beta;
    return this;
  }

  /** Stop when the smoothed loss exceeds {@code factor} times the best one ({@code > 1}). */
  public LrRangeFinder divergenceThreshold(double factor) {
    if (!(factor > 1 && factor < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "LrRangeFinder: divergence threshold must be finite and" + " > 1, got " + factor);
    }
    this.divThreshold = factor;
    return this;
  }

  /** Points ignored by the suggestion at the start and at the end (both {@code >= 0}). */
  public LrRangeFinder skip(int start, int end) {
    if (start < 0 || end < 0) {
      throw new IllegalArgumentException(
          "LrRangeFinder: skip counts must be >= 0, got start=" + start + ", end=" + end);
    }
    this.skipStart = start;
    this.skipEnd = end;
    return this;
  }

  /** The lr of iteration {@code i}: {@code startLr * (endLr / startLr)^(i / (numIter - 1))}. */
  public double lrAt(int i) {
    if (i < 0 || i >= numIter) {
      throw new IllegalArgumentException(
          "LrRangeFinder.lrAt: iteration must be in [0, " + numIter + "), got " + i);
    }
    return startLr * Math.pow(endLr / startLr, (double) i / (numIter - 1));
  }

  /**
   * Runs the sweep, then restores the model and the optimizer (also when {@code step} throws).
   *
   * @throws IllegalArgumentException when {@code step} is null
   */
  public Result run(TrainStep step) {
    if (step == null) {
      throw new IllegalArgumentException("LrRangeFinder.run: step must not be null");
    }
    Map<String, Tensor> modelState = new LinkedHashMap<>();
    model
        .stateDict()
        .forEach(
            (k, t) ->
                modelState.put(k, Tensor.wrap(t.backend().memory().copy(t.storage()), t.shape())));
    Map<String, Tensor> optTensors = optimizer.stateDict();
    Map<String, String> optMeta = optimizer.stateMetadata();
    List<Module> modules = new ArrayList<>(model.namedModules().values());
    boolean[] training = new boolean[modules.size()];
    for (int m = 0; m < training.length; m++) {
      training[m] = modules.get(m).isTraining();
    }
    try {
      model.train();
      return sweep(step);
    } finally {
      model.loadStateDict(modelState);
      optimizer.loadStateDict(optTensors, optMeta);
      optimizer.zeroGrad();
      for (int m = 0; m < training.length; m++) {
        modules.get(m).train(training[m]);
      }
    }
  }

  private Result sweep(TrainStep step) {
    double[] lrs = new double[numIter];
    double[] losses = new double[numIter];
    double[] smoothed = new double[numIter];
    double avg = 0;
    double best = Double.POSITIVE_INFINITY;
    boolean diverged = false;
    int n = 0;
    while (n < numIter && !diverged) {
      int i = n++;
      lrs[i] = lrAt(i);
      for (ParamGroup g : optimizer.paramGroups()) {
        g.setLr(lrs[i]);
      }
      optimizer.zeroGrad();
      losses[i] = step.step();
      if (!Double.isFinite(losses[i])) {
        smoothed[i] = Double.NaN;
        diverged = true;
        continue;
      }
      optimizer.step();
      avg = beta * avg + (1 - beta) * losses[i];
      smoothed[i] = avg / (1 - Math.pow(beta, i + 1));
      best = Math.min(best, smoothed[i]);
      diverged = i > 0 && smoothed[i] > divThreshold * best;
    }
    lrs = Arrays.copyOf(lrs, n);
    int end = n - skipEnd;
    if (Double.isNaN(smoothed[n - 1])) {
      end = Math.min(end, n - 1);
    }
    int at = steepestDescent(lrs, smoothed, skipStart, end);
    return new Result(
        lrs,
        Arrays.copyOf(losses, n),
        Arrays.copyOf(smoothed, n),
        at < 0 ? Double.NaN : lrs[at],
        at,
        diverged);
  }

  /** Index in [from, to) of the most negative d(loss)/d(log lr), or -1 below two points. */
  static int steepestDescent(double[] lrs, double[] loss, int from, int to) {
    if (to - from < 2) {
      return -1;
    }
    int bestIndex = -1;
    double bestSlope = Double.POSITIVE_INFINITY;
    for (int j = from; j < to; j++) {
      int lo = Math.max(j - 1, from);
      int hi = Math.min(j + 1, to - 1);
      double slope = (loss[hi] - loss[lo]) / (Math.log(lrs[hi]) - Math.log(lrs[lo]));
      if (slope < bestSlope) {
        bestSlope = slope;
        bestIndex = j;
      }
    }
    return bestIndex;
  }
}
