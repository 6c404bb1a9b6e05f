package io.jgrad.examples.mnist.cli;

import io.jgrad.examples.mnist.models.ModelSpec;
import io.jgrad.examples.mnist.models.Models;
import io.jgrad.nn.Module;
import io.jgrad.nn.summary.ReceptiveField;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code models}: every registered network, its size, receptive field and origin. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List the registered models with parameter count, receptive field and origin.")
public final class ModelsCommand implements Callable<Integer> {
  private final PrintStream out;

  /** A command printing to {@code out}. */
  public ModelsCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    out.printf(
        Locale.ROOT, "%-10s %8s %4s  %-10s %s%n", "model", "params", "RF", "origin", "notes");
    for (ModelSpec s : Models.all()) {
      Module m = s.create(0, 0);
      int rf = ReceptiveField.of(m, 28).receptiveField();
      out.printf(
          Locale.ROOT,
          "%-10s %,8d %4d  %-10s %s%s%n",
          s.name(),
          m.numParameters(),
          rf,
          s.published() ? "published" : "designed",
          s.lineage(),
          Recipes.available(s.name()).isEmpty()
              ? " (no recipe)"
              : " [recipes: " + String.join(", ", Recipes.available(s.name())) + "]");
    }
    out.println();
    out.println(
        "published = the published architecture; designed = built here to match the published"
            + " parameter count (and receptive field, where one was given).");
    return 0;
  }
}
