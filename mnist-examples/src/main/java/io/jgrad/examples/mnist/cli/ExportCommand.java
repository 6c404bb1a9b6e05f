package io.jgrad.examples.mnist.cli;

import io.jgrad.examples.mnist.models.Models;
import io.jgrad.examples.mnist.train.Checkpoint;
import io.jgrad.nn.Module;
import io.jgrad.nn.onnx.OnnxExport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code export CHECKPOINT --onnx FILE}: the checkpoint's network in evaluation mode as an ONNX
 * model (opset 17), input {@code input} [N, 1, 28, 28] of normalized pixels, output {@code
 * log_probs} [N, 10].
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Export a checkpoint's network to ONNX (opset 17) for ONNX Runtime, TensorRT, OpenVINO.",
      "Input `input` float32 [N, 1, 28, 28]: pixels / 255, then (x - 0.1307) / 0.3081.",
      "Output `log_probs` float32 [N, 10]: log-probabilities of the digits 0-9."
    })
public final class ExportCommand implements Callable<Integer> {
  private final PrintStream out;

  @Parameters(paramLabel = "CHECKPOINT", description = "A checkpoint written by `train`.")
  Path checkpoint;

  @Option(
      names = "--onnx",
      required = true,
      paramLabel = "FILE",
      description = "The ONNX file to write (replaced atomically).")
  Path onnx;

  /** A command printing to {@code out}. */
  public ExportCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    Checkpoint.Contents c = Checkpoint.read(checkpoint);
    Module model = Models.create(c.model(), 0, 0);
    model.loadStateDict(c.modelState());
    model.eval();
    OnnxExport.export(model, c.model(), onnx);
    out.printf(
        Locale.ROOT,
        "wrote %s: %s (%,d parameters) from %s, epoch %s; ONNX opset %d,"
            + " input float32 [N, 1, 28, 28], output log_probs [N, 10]%n",
        onnx,
        c.model(),
        model.numParameters(),
        checkpoint,
        c.metadata().getOrDefault("epoch", "?"),
        OnnxExport.OPSET);
    return 0;
  }
}
