package io.jgrad.examples.mnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  @TempDir Path dir;

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  private static BufferedImage read(Path p) throws Exception {
    BufferedImage img = ImageIO.read(p.toFile());
    assertNotNull(img, p + " must be a readable PNG");
    return img;
  }

  @Test
  void curvesPngHasTwoPanels() throws Exception {
    TrainingLog log = new TrainingLog("net5308", 5308, "cpu");
    log.add(new EpochRecord(1, 0.4, 88, 0.1, 97, 0.05, 30, 2000));
    log.add(new EpochRecord(2, 0.1, 97, 0.05, 98.5, 0.05, 30, 2000));
    Path f = dir.resolve("curves.png");
    CurvesPlot.save(log, f);
    BufferedImage img = read(f);
    assertEquals(2 * 640, img.getWidth());
    assertEquals(440, img.getHeight());
  }

  @Test
  void confusionPngShowsDiagonalAndMistakesInDifferentColours() throws Exception {
    ConfusionMatrix m = new ConfusionMatrix(10);
    for (int c = 0; c < 10; c++) {
      for (int i = 0; i < 20; i++) {
        m.add(c, c);
      }
    }
    m.add(3, 5);
    Path f = dir.resolve("confusion.png");
    ConfusionPlot.save(m, "test", f);
    BufferedImage img = read(f);
    // Cell centres: margin 70, cell 48; sample a corner pixel of each cell (no text there).
    int diag = img.getRGB(70 + 3 * 48 + 4, 70 + 3 * 48 + 4);
    int wrong = img.getRGB(70 + 5 * 48 + 4, 70 + 3 * 48 + 4);
    int empty = img.getRGB(70 + 6 * 48 + 4, 70 + 3 * 48 + 4);
    assertEquals(0xFFFFFF, empty & 0xFFFFFF, "an empty cell stays white");
    assertNotEquals(0xFFFFFF, wrong & 0xFFFFFF, "a single mistake is tinted");
    assertNotEquals(diag, wrong);
  }

  @Test
  void misclassifiedGridKeepsTheFirstAndCountsAll() throws Exception {
    MisclassifiedGrid g = new MisclassifiedGrid(3);
    float[] px = new float[28 * 28];
    px[14 * 28 + 14] = 1f;
    for (int i = 0; i < 5; i++) {
      g.offer(new MisclassifiedGrid.Sample(px, 28, 28, 7, 1, i));
    }
    assertEquals(3, g.samples().size());
    assertEquals(5, g.seen());
    assertEquals(0, g.samples().get(0).index());
    Path f = dir.resolve("misclassified.png");
    g.save("misclassified test images", f);
    BufferedImage img = read(f);
    // The bright pixel (14, 14) of the first image, scaled 3x, at offset (4, 26).
    int rgb = img.getRGB(4 + 14 * 3 + 1, 26 + 14 * 3 + 1) & 0xFFFFFF;
    assertEquals(0xFFFFFF, rgb);
    int dark = img.getRGB(4 + 2, 26 + 2) & 0xFFFFFF;
    assertEquals(0, dark);
  }

  @Test
  void emptyGridStillRenders() throws Exception {
    Path f = dir.resolve("none.png");
    new MisclassifiedGrid(10).save("misclassified", f);
    assertTrue(read(f).getWidth() > 0);
  }

  @Test
  void lrFindPngIsWritten() throws Exception {
    double[] lrs = new double[50];
    double[] loss = new double[50];
    for (int i = 0; i < 50; i++) {
      lrs[i] = 1e-5 * Math.pow(10, i / 10.0);
      loss[i] = 2.3 - i * 0.03;
    }
    loss[49] = Double.NaN;
    Path f = dir.resolve("lr-find.png");
    LrFindPlot.save("net7840", lrs, loss, lrs[20], f);
    assertEquals(800, read(f).getWidth());
  }
}
