package io.jgrad.examples.mnist.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** Small helpers shared by the XChart plots: a common look and side-by-side composition. */
final class Charts {
  private Charts() {}

  /** A line chart with the jgrad look. */
  static XYChart lineChart(String title, String xTitle, String yTitle, int width, int height) {
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setMarkerSize(5);
    return chart;
  }

  /** Renders the charts next to each other, left to right, into one image. */
  static BufferedImage sideBySide(List<XYChart> charts) {
    int width = 0;
    int height = 0;
    BufferedImage[] parts = new BufferedImage[charts.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = BitmapEncoder.getBufferedImage(charts.get(i));
      width += parts[i].getWidth();
      height = Math.max(height, parts[i].getHeight());
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      int x = 0;
      for (BufferedImage p : parts) {
        g.drawImage(p, x, 0, null);
        x += p.getWidth();
      }
    } finally {
      g.dispose();
    }
    return out;
  }
}
