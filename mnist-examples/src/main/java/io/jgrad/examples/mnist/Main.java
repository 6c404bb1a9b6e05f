package io.jgrad.examples.mnist;

import io.jgrad.backend.cpu.Vectorization;
import io.jgrad.examples.mnist.cli.ConfigException;
import io.jgrad.examples.mnist.cli.EvaluateCommand;
import io.jgrad.examples.mnist.cli.ExperimentsCommand;
import io.jgrad.examples.mnist.cli.ExportCommand;
import io.jgrad.examples.mnist.cli.LrFindCommand;
import io.jgrad.examples.mnist.cli.ModelsCommand;
import io.jgrad.examples.mnist.cli.RfCommand;
import io.jgrad.examples.mnist.cli.SummaryCommand;
import io.jgrad.examples.mnist.cli.TrainCommand;
import io.jgrad.examples.mnist.models.UnknownModelException;
import io.jgrad.examples.mnist.train.NonFiniteLossException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code jgrad-mnist} program: train, evaluate and inspect the small MNIST networks.
 *
 * <pre>
 * java -jar jgrad-mnist.jar train --model net7840 --data DIR
 * java -jar jgrad-mnist.jar evaluate runs/net7840-.../best.safetensors
 * java -jar jgrad-mnist.jar export runs/net7840-.../best.safetensors --onnx net7840.onnx
 * java -jar jgrad-mnist.jar models
 * </pre>
 *
 * Exit codes: 0 success, 1 runtime failure (I/O, device, data), 2 bad usage (options, config, model
 * name), 3 training diverged (NaN or infinite loss).
 */
@Command(
    name = "jgrad-mnist",
    mixinStandardHelpOptions = true,
    version = "jgrad-mnist 0.1.0",
    description = "Train, evaluate and inspect small CNNs on MNIST with jgrad.")
public final class Main implements Runnable {
  /** Exit code of a training run that diverged. */
  public static final int EXIT_DIVERGED = 3;

  @Spec CommandSpec spec;

  private Main() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command; choose one of " + spec.subcommands().keySet());
  }

  /** Runs the program and exits with its code. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    Vectorization.missingModuleNotice().ifPresent(err::println);
    System.exit(run(args, out, err));
  }

  /** Runs the program with {@code args}, printing to {@code out} and {@code err}; the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err).execute(args);
  }

  /** The configured command line (for tests and embedding). */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new Main());
    cl.addSubcommand("train", new TrainCommand(out));
    cl.addSubcommand("evaluate", new EvaluateCommand(out));
    cl.addSubcommand("export", new ExportCommand(out));
    cl.addSubcommand("summary", new SummaryCommand(out));
    cl.addSubcommand("rf", new RfCommand(out));
    cl.addSubcommand("lr-find", new LrFindCommand(out));
    cl.addSubcommand("models", new ModelsCommand(out));
    cl.addSubcommand("experiments", new ExperimentsCommand(out));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          int code = exitCode(ex);
          String name = cmd.getCommandName();
          cmd.getErr().println(name + ": " + message(ex));
          if (code == 1 && !expected(ex)) {
            ex.printStackTrace(cmd.getErr());
          }
          cmd.getErr().flush();
          return code;
        });
    return cl;
  }

  private static int exitCode(Exception ex) {
    if (ex instanceof ConfigException || ex instanceof UnknownModelException) {
      return 2;
    }
    if (ex instanceof NonFiniteLossException) {
      return EXIT_DIVERGED;
    }
    return 1;
  }

  private static boolean expected(Exception ex) {
    return ex instanceof IOException
        || ex instanceof UncheckedIOException
        || ex instanceof IllegalArgumentException
        || ex instanceof IllegalStateException;
  }

  private static String message(Throwable ex) {
    String m = ex.getMessage();
    if (ex instanceof NoSuchFileException) {
      NoSuchFileException n = (NoSuchFileException) ex;
      return n.getReason() != null
          ? n.getReason() + " (" + n.getFile() + ")"
          : "no such file: " + m;
    }
    return m == null ? ex.getClass().getSimpleName() : m;
  }
}
