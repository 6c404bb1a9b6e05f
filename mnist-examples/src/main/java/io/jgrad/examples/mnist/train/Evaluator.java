package io.jgrad.examples.mnist.train;

import io.jgrad.Tensor;
import io.jgrad.autograd.ActivationRelease;
import io.jgrad.autograd.GradMode;
import io.jgrad.functional.Functional;
import io.jgrad.nn.Module;
import io.jgrad.nn.data.Batch;
import io.jgrad.nn.data.BatchIterator;
import io.jgrad.nn.data.DataLoader;

/** Runs a model over a whole data set in evaluation mode, without recording gradients. */
public final class Evaluator {
  /**
   * Images per evaluation batch: the training batch size of the recipes, so evaluation reuses the
   * training step's pooled buffers and each activation (3.5 MB for net7840) stays near the caches;
   * at 1000 images one activation is 27 MB and evaluating 10,000 images took 15% longer.
   */
  public static final int BATCH = 128;

  /** Receives every batch with the model's predictions. */
  @FunctionalInterface
  public interface BatchVisitor {
    /** Called once per batch, in order. */
    void visit(Batch batch, int[] predictions);
  }

  /**
   * Mean loss and accuracy over a data set.
   *
   * @param loss mean negative log-likelihood per image
   * @param accuracy percent correct
   * @param correct number correct
   * @param total number of images
   */
  public record Result(double loss, double accuracy, long correct, long total) {}

  private Evaluator() {}

  /** Evaluates {@code model} on every batch of {@code loader}; restores the training flag. */
  @SuppressWarnings("try") // the scopes are used only for their close()
  public static Result evaluate(Module model, DataLoader loader, BatchVisitor visitor) {
    boolean wasTraining = model.isTraining();
    model.eval();
    double lossSum = 0;
    long correct = 0;
    long total = 0;
    // without a graph, the model's chain hands each activation back to the backend's pool as soon
    // as the next layer has read it (see Sequential#forward)
    try (GradMode.Scope scope = GradMode.noGrad();
        GradMode.Scope release = ActivationRelease.enable();
        BatchIterator it = loader.epoch(0)) {
      while (it.hasNext()) {
        try (Batch b = it.next();
            Tensor logp = model.call(b.images());
            Tensor nll = Functional.nllLoss(logp, b.labels())) {
          double loss = nll.item();
          int[] pred = Predictions.argmax(logp);
          lossSum += loss * b.size();
          correct += Predictions.countCorrect(pred, b.labels());
          total += b.size();
          if (visitor != null) {
            visitor.visit(b, pred);
          }
        }
      }
    } finally {
      model.train(wasTraining);
    }
    double acc = total == 0 ? Double.NaN : 100.0 * correct / total;
    return new Result(total == 0 ? Double.NaN : lossSum / total, acc, correct, total);
  }
}
