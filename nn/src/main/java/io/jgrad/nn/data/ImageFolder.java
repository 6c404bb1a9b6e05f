package io.jgrad.nn.data;

import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.nn.data.transforms.ToTensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * {@code torchvision.datasets.ImageFolder}: {@code root/<class>/<image>}, one sub-folder per class.
 * Classes are the sub-folder names sorted by {@link String#compareTo} (as Python sorts them), class
 * {@code i} being the i-th; images are the files ending in {@code .png}, {@code .jpg}, {@code
 * .jpeg}, {@code .bmp} or {@code .gif} (any case) directly inside a class folder, sorted by name,
 * and decoded by {@link ImageIO} and {@link ToTensor} when read. The first image fixes the shape
 * {@code [C, H, W]}; reading a file that cannot be decoded or has another shape throws an error
 * naming the file.
 */
public final class ImageFolder implements Dataset {
  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

  private final Path root;
  private final List<String> classes;
  private final List<Path> files = new ArrayList<>();
  private final int[] labels;
  private final Shape imageShape;

  /** Lists {@code root}'s classes and images and reads the first image for the shape. */
  public ImageFolder(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("ImageFolder: root " + root + " is not a directory");
    }
    this.root = root;
    List<Path> classDirs;
    try (Stream<Path> s = Files.list(root)) {
      classDirs = s.filter(Files::isDirectory).sorted(ImageFolder::byName).toList();
    }
    if (classDirs.isEmpty()) {
      throw new IOException("ImageFolder: no class sub-folders in " + root);
    }
    List<String> names = new ArrayList<>();
    List<Integer> labelList = new ArrayList<>();
    for (Path dir : classDirs) {
      List<Path> images;
      try (Stream<Path> s = Files.list(dir)) {
        images = s.filter(ImageFolder::isImageFile).sorted(ImageFolder::byName).toList();
      }
      if (images.isEmpty()) {
        throw new IOException(
            "ImageFolder: class folder " + dir + " holds no image file (" + EXTENSIONS + ")");
      }
      for (Path p : images) {
        files.add(p);
        labelList.add(names.size());
      }
      names.add(dir.getFileName().toString());
    }
    this.classes = List.copyOf(names);
    this.labels = labelList.stream().mapToInt(Integer::intValue).toArray();
    try (Tensor first = read(files.get(0))) {
      this.imageShape = first.shape();
    }
  }

  private static int byName(Path a, Path b) {
    return a.getFileName().toString().compareTo(b.getFileName().toString());
  }

  private static boolean isImageFile(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /** The root folder. */
  public Path root() {
    return root;
  }

  /** The class names, sorted; label {@code i} is {@code classes().get(i)}. */
  public List<String> classes() {
    return classes;
  }

  /** The image files in dataset order. */
  public List<Path> files() {
    return List.copyOf(files);
  }

  /** The label of sample {@code index} (without reading the file). */
  @Override
  public int label(int index) {
    return labels[Dataset.checkIndex("ImageFolder", index, labels.length)];
  }

  /** The shape {@code [C, H, W]} of every image (that of the first one). */
  @Override
  public Shape imageShape() {
    return imageShape;
  }

  @Override
  public int size() {
    return files.size();
  }

  /**
   * Reads image {@code index}.
   *
   * @throws UncheckedIOException naming the file when it cannot be read or decoded
   * @throws IllegalArgumentException naming the file when its shape differs from {@link
   *     #imageShape()}
   */
  @Override
  public Sample get(int index) {
    Dataset.checkIndex("ImageFolder", index, files.size());
    Path file = files.get(index);
    Tensor image;
    try {
      image = read(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!image.shape().equals(imageShape)) {
      image.close();
      throw new IllegalArgumentException(
          "ImageFolder: "
              + file
              + " has shape "
              + image.shape()
              + ", but the images of "
              + root
              + " are "
              + imageShape
              + " [C, H, W] (the shape of "
              + files.get(0).getFileName()
              + ")");
    }
    return new Sample(image, labels[index]);
  }

  /** Decodes {@code file} with ImageIO into a CPU tensor {@code [C, H, W]}. */
  public static Tensor read(Path file) throws IOException {
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IOException("ImageFolder: cannot read image file " + file + ": " + e, e);
    }
    if (img == null) {
      throw new IOException(
          "ImageFolder: cannot read image file "
              + file
              + ": no ImageIO decoder recognises its content");
    }
    return ToTensor.apply(img);
  }
}
