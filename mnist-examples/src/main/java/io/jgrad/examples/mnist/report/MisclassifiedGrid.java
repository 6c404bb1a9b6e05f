package io.jgrad.examples.mnist.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects misclassified images and draws them in a grid, each scaled up with its true and
 * predicted label underneath ({@code 7→2}). Images are 28x28 grey levels in [0, 1] (white digit on
 * black, as in MNIST).
 */
public final class MisclassifiedGrid {
  private static final int SCALE = 3;
  private static final int LABEL_H = 16;
  private static final int GAP = 4;

  /**
   * One wrong answer.
   *
   * @param pixels the image, row-major, values in [0, 1]
   * @param height image rows
   * @param width image columns
   * @param trueLabel the label
   * @param predicted the model's answer
   * @param index the image's index in its data set
   */
  public record Sample(
      float[] pixels, int height, int width, int trueLabel, int predicted, int index) {
    /** Checks the pixel count. */
    public Sample {
      if (pixels.length != height * width) {
        throw new IllegalArgumentException(
            "MisclassifiedGrid.Sample: "
                + pixels.length
                + " pixels do not fill "
                + height
                + "x"
                + width);
      }
    }
  }

  private final int capacity;
  private final List<Sample> samples = new ArrayList<>();
  private int seen;

  /** A grid keeping the first {@code capacity} misclassified images offered to it. */
  public MisclassifiedGrid(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "MisclassifiedGrid: capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Offers a misclassified image; kept while there is room. Counts every offer. */
  public void offer(Sample s) {
    seen++;
    if (samples.size() < capacity) {
      samples.add(s);
    }
  }

  /** The kept samples. */
  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** How many misclassified images were offered in total. */
  public int seen() {
    return seen;
  }

  /** Draws the grid (a small note when there is nothing to show). */
  public BufferedImage render(String title) {
    int cols = 10;
    int rows = Math.max(1, (samples.size() + cols - 1) / cols);
    int cellW = 28 * SCALE + GAP;
    int cellH = 28 * SCALE + LABEL_H + GAP;
    int top = 26;
    BufferedImage img =
        new BufferedImage(cols * cellW + GAP, top + rows * cellH + GAP, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      String head =
          samples.isEmpty()
              ? title + ": no misclassified images"
              : title + " (" + samples.size() + " of " + seen + ", true\u2192predicted)";
      g.drawString(head, GAP, 18);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int k = 0; k < samples.size(); k++) {
        Sample s = samples.get(k);
        int x0 = GAP + (k % cols) * cellW;
        int y0 = top + (k / cols) * cellH;
        drawImage(img, s, x0, y0);
        g.setColor(Color.RED.darker());
        g.drawString(s.trueLabel() + "\u2192" + s.predicted(), x0 + 2, y0 + 28 * SCALE + 13);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Draws the grid and writes it as a PNG atomically. */
  public void save(String title, Path file) {
    AtomicFiles.writePng(file, render(title));
  }

  private static void drawImage(BufferedImage img, Sample s, int x0, int y0) {
    int scale = Math.max(1, 28 * SCALE / Math.max(s.height(), s.width()));
    for (int r = 0; r < s.height(); r++) {
      for (int c = 0; c < s.width(); c++) {
        float v = Math.max(0f, Math.min(1f, s.pixels()[r * s.width() + c]));
        int grey = Math.round(v * 255);
        int rgb = (grey << 16) | (grey << 8) | grey;
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            img.setRGB(x0 + c * scale + dx, y0 + r * scale + dy, rgb);
          }
        }
      }
    }
  }
}
