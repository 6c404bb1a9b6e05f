package io.jgrad.examples.mnist.cli;

import io.jgrad.examples.mnist.models.Models;
import io.jgrad.nn.Module;
import io.jgrad.nn.summary.ModelSummary;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code summary MODEL}: layers, output shapes and parameter counts for a 1x28x28 input. */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = "Print a model's layers, output shapes and parameters (input 1x28x28).")
public final class SummaryCommand implements Callable<Integer> {
  private final PrintStream out;

  @Parameters(paramLabel = "MODEL", description = "A registered model (see `models`).")
  String model;

  /** A command printing to {@code out}. */
  public SummaryCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    Module m = Models.create(model, 0, 0);
    m.eval();
    out.println(model + " (" + Models.require(model).lineage() + ")");
    out.print(ModelSummary.of(m, 1, 28, 28));
    return 0;
  }
}
