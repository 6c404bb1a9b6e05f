package io.jgrad.nn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.autograd.GradMode;
import io.jgrad.nn.Sequential;
import io.jgrad.nn.data.Batch;
import io.jgrad.nn.data.DataLoader;
import io.jgrad.nn.data.ImageFolder;
import io.jgrad.nn.data.transforms.Compose;
import io.jgrad.nn.data.transforms.Normalize;
import io.jgrad.nn.data.transforms.RandomCrop;
import io.jgrad.nn.data.transforms.Transform;
import io.jgrad.nn.io.StateDicts;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.Flatten;
import io.jgrad.nn.layers.Linear;
import io.jgrad.nn.layers.MaxPool2d;
import io.jgrad.nn.layers.ReLU;
import io.jgrad.nn.loss.CrossEntropyLoss;
import io.jgrad.nn.optim.Adam;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow of a user with a folder of labelled images, through the public API only: generate
 * three classes of 16x16 shapes as PNGs, train a small CNN on them with an {@link ImageFolder} and
 * a {@link DataLoader}, save it as safetensors, reload it into a fresh model and classify an image.
 */
class ShapesImageFolderExampleTest {
  static final String[] CLASSES = {"cross", "ring", "square"};
  static final int SIZE = 16;

  @TempDir Path dir;

  /** {@code perClass} PNGs of each shape, jittered in position, size, stroke and brightness. */
  static void drawShapes(Path root, int perClass, long seed) throws IOException {
    Random rnd = new Random(seed);
    for (String cls : CLASSES) {
      Files.createDirectories(root.resolve(cls));
      for (int i = 0; i < perClass; i++) {
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        int s = 8 + rnd.nextInt(5);
        int x = 1 + rnd.nextInt(SIZE - s - 1);
        int y = 1 + rnd.nextInt(SIZE - s - 1);
        int v = 150 + rnd.nextInt(106);
        g.setColor(new Color(v, v, v));
        g.setStroke(new BasicStroke(1.5f + rnd.nextFloat()));
        switch (cls) {
          case "cross" -> {
            g.drawLine(x, y + s / 2, x + s, y + s / 2);
            g.drawLine(x + s / 2, y, x + s / 2, y + s);
          }
          case "ring" -> g.drawOval(x, y, s, s);
          default -> g.fillRect(x, y, s, s);
        }
        g.dispose();
        ImageIO.write(img, "png", root.resolve(cls).resolve(i + ".png").toFile());
      }
    }
  }

  static Sequential model(long seed) {
    Generator gen = new Generator(seed);
    return new Sequential(
        new Conv2d(1, 8, 3, 1, 1, true, gen),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(8, 16, 3, 1, 1, true, gen),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(16 * 4 * 4, CLASSES.length, true, gen));
  }

  static int[] predict(Sequential model, Tensor images) {
    try (var noGrad = GradMode.noGrad();
        Tensor logits = model.forward(images);
        Tensor idx = logits.argmax(1, false)) {
      float[] f = idx.toArray();
      int[] out = new int[f.length];
      for (int i = 0; i < f.length; i++) {
        out[i] = (int) f[i];
      }
      return out;
    }
  }

  @Test
  void trainsSavesReloadsAndClassifiesAnImageFolderOfShapes() throws IOException {
    drawShapes(dir.resolve("train"), 40, 1);
    drawShapes(dir.resolve("test"), 20, 2);
    ImageFolder train = new ImageFolder(dir.resolve("train"));
    ImageFolder test = new ImageFolder(dir.resolve("test"));
    assertEquals(java.util.List.of(CLASSES), train.classes());

    Normalize normalize = new Normalize(0.5f, 0.5f);
    Transform augment = new Compose(new RandomCrop(SIZE, 1), normalize);
    Sequential model = model(0);
    Adam adam = new Adam(model.parameters(), 0.01);
    CrossEntropyLoss loss = new CrossEntropyLoss();
    try (DataLoader loader =
        DataLoader.builder(train)
            .batchSize(16)
            .shuffle(true)
            .seed(42)
            .transform(augment)
            .workers(2)
            .build()) {
      model.train();
      for (int epoch = 0; epoch < 8; epoch++) {
        for (Batch b : loader) {
          try (b;
              Tensor logits = model.forward(b.images());
              Tensor l = loss.forward(logits, b.labels())) {
            adam.zeroGrad();
            l.backward();
            adam.step();
          }
        }
      }
    }

    model.eval();
    int correct = 0;
    try (DataLoader eval = DataLoader.builder(test).batchSize(60).transform(normalize).build();
        Batch all = eval.batch(0, 0)) {
      int[] predicted = predict(model, all.images());
      for (int i = 0; i < predicted.length; i++) {
        correct += predicted[i] == all.labels()[i] ? 1 : 0;
      }
    }
    double accuracy = correct / 60.0;
    assertTrue(accuracy >= 0.8, "held-out accuracy " + accuracy + " (chance is 1/3)");

    Path file = dir.resolve("shapes.safetensors");
    StateDicts.save(model, file);
    Sequential reloaded = model(123); // other initial weights, replaced by the loaded ones
    StateDicts.load(reloaded, file);
    reloaded.eval();
    Path image = test.files().get(25);
    try (Tensor raw = ImageFolder.read(image);
        Tensor x = normalize.apply(raw, null);
        Tensor one = x.reshape(1, 1, SIZE, SIZE);
        var noGrad = GradMode.noGrad();
        Tensor a = model.forward(one);
        Tensor b = reloaded.forward(one)) {
      assertArrayEquals(a.toArray(), b.toArray(), "same logits after the round trip");
      assertEquals(predict(model, one)[0], predict(reloaded, one)[0]);
    }
  }
}
