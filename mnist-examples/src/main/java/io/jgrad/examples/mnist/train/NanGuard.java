package io.jgrad.examples.mnist.train;

import io.jgrad.Tensor;
import io.jgrad.nn.Module;
import java.util.Map;
import java.util.Objects;

/**
 * Stops a run as soon as the loss or the parameters stop being finite, naming where, so that a
 * diverging run never overwrites its last good checkpoint.
 */
public final class NanGuard {
  private NanGuard() {}

  /**
   * Checks a batch's loss.
   *
   * @param epoch the epoch, from 1
   * @param batch the batch within the epoch, from 1
   * @param lr the learning rate in use, for the hint
   * @param lastGood the checkpoint that stays valid (may be null)
   * @throws NonFiniteLossException when {@code loss} is NaN or infinite
   */
  public static void checkLoss(double loss, int epoch, int batch, double lr, String lastGood) {
    if (!Double.isFinite(loss)) {
      throw new NonFiniteLossException(
          epoch,
          batch,
          "training stopped: the loss is "
              + loss
              + " at epoch "
              + epoch
              + ", batch "
              + batch
              + " (lr "
              + lr
              + "); the learning rate is probably too high. "
              + (lastGood == null
                  ? "No checkpoint was written yet."
                  : "The last good checkpoint is " + lastGood + "."));
    }
  }

  /**
   * Checks every parameter of {@code model} before it is saved.
   *
   * @throws NonFiniteLossException naming the first non-finite parameter
   */
  public static void checkParameters(Module model, int epoch, int batch) {
    for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
      for (float v : e.getValue().toArray()) {
        if (!Float.isFinite(v)) {
          throw new NonFiniteLossException(
              epoch,
              batch,
              "training stopped: parameter "
                  + Objects.toString(e.getKey())
                  + " holds "
                  + v
                  + " after epoch "
                  + epoch
                  + ", batch "
                  + batch
                  + "; the learning rate is probably too high. The last checkpoint on disk"
                  + " was kept.");
        }
      }
    }
  }
}
