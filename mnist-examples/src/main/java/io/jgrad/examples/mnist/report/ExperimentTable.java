package io.jgrad.examples.mnist.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The summary of an experiment chain: one row per step with its target, parameter count, best
 * accuracies beside the published best test accuracy (with the write-up's step in brackets), the
 * first epoch reaching the accuracy goal, and its training time.
 */
public final class ExperimentTable {
  /** The test accuracy (percent) the chains aim for. */
  public static final double GOAL = 99.4;

  /**
   * One trained step.
   *
   * @param step step number
   * @param title what the step changes
   * @param target the step's goal
   * @param published the published figure of the step ("-" when none)
   * @param model the model name
   * @param params parameter count
   * @param bestTrainAcc best training accuracy over the epochs, percent
   * @param bestTestAcc best test accuracy over the epochs, percent
   * @param firstEpochAtGoal first epoch with test accuracy at least {@link #GOAL}, 0 if none
   * @param seconds total seconds of the step
   */
  public record Row(
      int step,
      String title,
      String target,
      String published,
      String model,
      int params,
      double bestTrainAcc,
      double bestTestAcc,
      int firstEpochAtGoal,
      double seconds) {}

  private final List<Row> rows = new ArrayList<>();

  /** Appends a row. */
  public void add(Row r) {
    rows.add(r);
  }

  /** The rows so far. */
  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The row for a finished run: best accuracies and first epoch at the goal from {@code log}. */
  public static Row row(
      int step, String title, String target, String published, TrainingLog log, double seconds) {
    double bestTrain = Double.NaN;
    int first = 0;
    for (EpochRecord e : log.epochs()) {
      bestTrain = Double.isNaN(bestTrain) ? e.trainAcc() : Math.max(bestTrain, e.trainAcc());
      if (first == 0 && e.testAcc() >= GOAL) {
        first = e.epoch();
      }
    }
    return new Row(
        step,
        title,
        target,
        published,
        log.model(),
        log.params(),
        bestTrain,
        log.bestTestAcc(),
        first,
        seconds);
  }

  /** The table as aligned text. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    String head = "%4s  %-24s  %-28s  %-9s %8s %10s %10s %-16s %9s %9s%n";
    sb.append(
        String.format(
            Locale.ROOT,
            head,
            "step",
            "change",
            "target",
            "model",
            "params",
            "best train",
            "best test",
            "published test",
            "1st>=99.4",
            "seconds"));
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%4d  %-24s  %-28s  %-9s %,8d %9.2f%% %9.2f%% %-16s %9s %9.1f%n",
              r.step(),
              r.title(),
              r.target(),
              r.model(),
              r.params(),
              r.bestTrainAcc(),
              r.bestTestAcc(),
              r.published(),
              r.firstEpochAtGoal() == 0 ? "-" : Integer.toString(r.firstEpochAtGoal()),
              r.seconds()));
    }
    return sb.toString();
  }
}
