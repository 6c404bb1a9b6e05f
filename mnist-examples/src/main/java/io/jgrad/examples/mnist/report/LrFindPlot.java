package io.jgrad.examples.mnist.report;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws {@code lr-find.png}: smoothed loss against learning rate (log axis) and the suggestion.
 * Points with a non-finite loss (after divergence) are left out.
 */
public final class LrFindPlot {
  private LrFindPlot() {}

  /**
   * Renders the range test and writes it atomically.
   *
   * @param title chart title (the model name)
   * @param lrs learning rates tried, increasing
   * @param losses the (smoothed) loss at each rate
   * @param suggestion the suggested learning rate, or NaN for none
   * @param file the PNG to write
   */
  public static void save(
      String title, double[] lrs, double[] losses, double suggestion, Path file) {
    if (lrs.length != losses.length) {
      throw new IllegalArgumentException(
          "LrFindPlot.save: " + lrs.length + " learning rates but " + losses.length + " losses");
    }
    int n = 0;
    double[] xs = new double[lrs.length];
    double[] ys = new double[lrs.length];
    for (int i = 0; i < lrs.length; i++) {
      if (lrs[i] > 0 && Double.isFinite(lrs[i]) && Double.isFinite(losses[i])) {
        xs[n] = lrs[i];
        ys[n++] = losses[i];
      }
    }
    xs = Arrays.copyOf(xs, n);
    ys = Arrays.copyOf(ys, n);
    XYChart chart = Charts.lineChart(title + ": LR range test", "learning rate", "loss", 800, 500);
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(10);
    if (n > 0) {
      // Keep the divergent tail from flattening the interesting part: cap at 1.25x the start.
      double lo = Arrays.stream(ys).min().orElse(0);
      double hi = Arrays.stream(ys).max().orElse(1);
      double cap = Math.max(ys[0] * 1.25, lo + 1e-6);
      chart.getStyler().setYAxisMax(Math.min(hi, cap));
      XYSeries s = chart.addSeries("smoothed loss", xs, ys);
      s.setMarker(SeriesMarkers.NONE);
      if (!Double.isNaN(suggestion)) {
        double at = lossAt(xs, ys, suggestion);
        XYSeries m =
            chart.addSeries(
                String.format(Locale.ROOT, "suggested %.2e", suggestion),
                new double[] {suggestion},
                new double[] {at});
        m.setMarker(SeriesMarkers.DIAMOND);
        m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      }
    }
    AtomicFiles.writePng(file, Charts.sideBySide(List.of(chart)));
  }

  private static double lossAt(double[] lrs, double[] losses, double lr) {
    int best = 0;
    for (int i = 1; i < lrs.length; i++) {
      if (Math.abs(Math.log(lrs[i] / lr)) < Math.abs(Math.log(lrs[best] / lr))) {
        best = i;
      }
    }
    return losses[best];
  }
}
