package io.jgrad.examples.mnist.cli;

import io.jgrad.examples.mnist.models.Models;
import io.jgrad.nn.summary.ReceptiveField;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rf MODEL}: the receptive field layer by layer for a 28x28 input. */
@Command(
    name = "rf",
    mixinStandardHelpOptions = true,
    description = "Print a model's receptive field, layer by layer (input 28x28).")
public final class RfCommand implements Callable<Integer> {
  private final PrintStream out;

  @Parameters(paramLabel = "MODEL", description = "A registered model (see `models`).")
  String model;

  /** A command printing to {@code out}. */
  public RfCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    out.println(model);
    out.print(ReceptiveField.of(Models.create(model, 0, 0), 28));
    return 0;
  }
}
