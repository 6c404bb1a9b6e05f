package io.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
  @TempDir Path root;

  /** A w x h grayscale PNG whose pixels are all {@code value}. */
  static void png(Path file, int w, int h, int value) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.getRaster().setSample(x, y, 0, value);
      }
    }
    Files.createDirectories(file.getParent());
    assertTrue(ImageIO.write(img, file.toString().endsWith(".png") ? "png" : "jpg", file.toFile()));
  }

  @Test
  void classesAreSortedFolderNamesAndFilesAreSortedWithinEach() throws IOException {
    png(root.resolve("zebra/b.png"), 4, 3, 10);
    png(root.resolve("zebra/a.PNG"), 4, 3, 20);
    png(root.resolve("Apple/x.png"), 4, 3, 30);
    png(root.resolve("mango/only.jpg"), 4, 3, 40);
    Files.writeString(root.resolve("mango/notes.txt"), "not an image");
    Files.writeString(root.resolve("README"), "a file at the root is no class");
    ImageFolder ds = new ImageFolder(root);
    assertEquals(List.of("Apple", "mango", "zebra"), ds.classes(), "code-point order, as Python");
    assertEquals(4, ds.size());
    assertEquals(Shape.of(1, 3, 4), ds.imageShape());
    assertEquals(root.resolve("zebra/a.PNG"), ds.files().get(2));
    int[] labels = {0, 1, 2, 2};
    float[] first = {30 / 255f, -1, 20 / 255f, 10 / 255f};
    for (int i = 0; i < 4; i++) {
      try (Sample s = ds.get(i)) {
        assertEquals(labels[i], s.label());
        assertEquals(labels[i], ds.label(i));
        assertEquals(Shape.of(1, 3, 4), s.image().shape());
        if (i != 1) { // the JPEG is lossy; the PNGs are exact
          float[] px = s.image().toArray();
          assertEquals(first[i], px[0]);
          assertEquals(first[i], px[11]);
        }
      }
    }
    assertThrows(IndexOutOfBoundsException.class, () -> ds.get(4));
  }

  @Test
  void anUnreadableFileIsNamedInTheError() throws IOException {
    png(root.resolve("a/good.png"), 2, 2, 1);
    Path bad = root.resolve("a/broken.png");
    Files.write(bad, new byte[] {1, 2, 3, 4, 5});
    ImageFolder ds;
    // broken.png sorts first, so the constructor (which reads the first image) reports it
    IOException e = assertThrows(IOException.class, () -> new ImageFolder(root));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    Files.move(bad, root.resolve("a/zz-broken.png"));
    ds = new ImageFolder(root);
    assertEquals(2, ds.size());
    UncheckedIOException u = assertThrows(UncheckedIOException.class, () -> ds.get(1));
    assertTrue(u.getMessage().contains("zz-broken.png"), u.getMessage());
    assertTrue(u.getMessage().contains("cannot read image file"), u.getMessage());
  }

  @Test
  void anImageOfAnotherSizeIsNamedInTheError() throws IOException {
    png(root.resolve("a/1.png"), 5, 5, 1);
    png(root.resolve("b/2.png"), 5, 6, 1);
    ImageFolder ds = new ImageFolder(root);
    ds.get(0).close();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ds.get(1));
    assertTrue(e.getMessage().contains(root.resolve("b/2.png").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("[1, 6, 5]"), e.getMessage());
    assertTrue(e.getMessage().contains("[1, 5, 5]"), e.getMessage());
  }

  @Test
  void emptyOrMissingFoldersAreClearErrors() throws IOException {
    IOException none = assertThrows(IOException.class, () -> new ImageFolder(root));
    assertTrue(none.getMessage().contains("no class sub-folders"), none.getMessage());
    png(root.resolve("a/1.png"), 2, 2, 1);
    Files.createDirectories(root.resolve("b"));
    IOException empty = assertThrows(IOException.class, () -> new ImageFolder(root));
    assertTrue(empty.getMessage().contains(root.resolve("b").toString()), empty.getMessage());
    IOException missing =
        assertThrows(IOException.class, () -> new ImageFolder(root.resolve("nope")));
    assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
  }

  @Test
  void anImageFolderFeedsTheLoader() throws IOException {
    for (int i = 0; i < 5; i++) {
      png(root.resolve((i % 2 == 0 ? "even" : "odd") + "/" + i + ".png"), 3, 3, i * 50);
    }
    ImageFolder ds = new ImageFolder(root);
    try (DataLoader loader = DataLoader.builder(ds).batchSize(5).workers(2).build();
        Batch b = loader.batch(0, 0)) {
      assertEquals(Shape.of(5, 1, 3, 3), b.images().shape());
      assertArrayEquals(new int[] {0, 0, 0, 1, 1}, b.labels());
      assertEquals(200 / 255f, b.images().toArray()[2 * 9 + 4]); // even/4.png is third
    }
  }
}
