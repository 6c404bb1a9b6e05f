package io.jgrad.examples.mnist.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Draws a {@link ConfusionMatrix} as a heat map with the count in every cell (rows = true label,
 * columns = prediction). Off-diagonal cells are shaded by their share of the row, so rare mistakes
 * stay visible next to the large diagonal.
 */
public final class ConfusionPlot {
  private static final int CELL = 48;
  private static final int MARGIN = 70;

  private ConfusionPlot() {}

  /** Renders the matrix with a title. */
  public static BufferedImage render(ConfusionMatrix m, String title) {
    int n = m.numClasses();
    int size = MARGIN + n * CELL + 20;
    BufferedImage img = new BufferedImage(size, size + 30, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, 10, 20);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString("predicted", MARGIN + n * CELL / 2 - 25, 40);
      g.drawString("true", 8, MARGIN + n * CELL / 2);
      for (int i = 0; i < n; i++) {
        long support = Math.max(1, m.support(i));
        drawCentered(g, Integer.toString(i), MARGIN - 15, MARGIN + i * CELL + CELL / 2);
        drawCentered(g, Integer.toString(i), MARGIN + i * CELL + CELL / 2, MARGIN - 12);
        for (int j = 0; j < n; j++) {
          long c = m.count(i, j);
          double share = (double) c / support;
          int x = MARGIN + j * CELL;
          int y = MARGIN + i * CELL;
          g.setColor(cellColor(i == j, share, c));
          g.fillRect(x, y, CELL, CELL);
          g.setColor(Color.LIGHT_GRAY);
          g.drawRect(x, y, CELL, CELL);
          g.setColor(i == j && share > 0.5 ? Color.WHITE : Color.BLACK);
          drawCentered(g, Long.toString(c), x + CELL / 2, y + CELL / 2);
        }
      }
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "accuracy %.2f%%", m.accuracy()), MARGIN, size + 15);
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Renders the matrix and writes it as a PNG atomically. */
  public static void save(ConfusionMatrix m, String title, Path file) {
    AtomicFiles.writePng(file, render(m, title));
  }

  private static Color cellColor(boolean diagonal, double share, long count) {
    if (count == 0) {
      return Color.WHITE;
    }
    if (diagonal) {
      int v = (int) Math.round(255 - 200 * share);
      return new Color(v / 3, v / 2 + 40, 200);
    }
    // Mistakes in orange to red: even a single one gets a visible tint.
    double t = Math.min(1.0, 0.15 + 5 * share);
    return new Color(255, (int) Math.round(235 - 170 * t), (int) Math.round(200 - 180 * t));
  }

  private static void drawCentered(Graphics2D g, String s, int cx, int cy) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, cx - fm.stringWidth(s) / 2, cy + fm.getAscent() / 2 - 2);
  }
}
