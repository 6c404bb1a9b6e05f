package io.jgrad.examples.mnist.report;

import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/**
 * Draws {@code curves.png}: loss per epoch (left) and accuracy per epoch (right), each with the
 * training and the test series.
 */
public final class CurvesPlot {
  private CurvesPlot() {}

  /** Renders the curves of {@code log} and writes them to {@code file} atomically. */
  public static void save(TrainingLog log, Path file) {
    List<EpochRecord> epochs = log.epochs();
    int n = epochs.size();
    double[] x = new double[n];
    double[] trainLoss = new double[n];
    double[] testLoss = new double[n];
    double[] trainAcc = new double[n];
    double[] testAcc = new double[n];
    for (int i = 0; i < n; i++) {
      EpochRecord r = epochs.get(i);
      x[i] = r.epoch();
      trainLoss[i] = r.trainLoss();
      testLoss[i] = r.testLoss();
      trainAcc[i] = r.trainAcc();
      testAcc[i] = r.testAcc();
    }
    String name = log.model() + " (" + log.params() + " params)";
    XYChart loss = Charts.lineChart(name + ": loss", "epoch", "loss", 640, 440);
    loss.getStyler().setYAxisDecimalPattern("0.0##");
    XYChart acc = Charts.lineChart(name + ": accuracy", "epoch", "accuracy (%)", 640, 440);
    acc.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    if (n > 0) {
      loss.addSeries("train", x, trainLoss);
      loss.addSeries("test", x, testLoss);
      acc.addSeries("train", x, trainAcc);
      acc.addSeries("test", x, testAcc);
    }
    AtomicFiles.writePng(file, Charts.sideBySide(List.of(loss, acc)));
  }
}
