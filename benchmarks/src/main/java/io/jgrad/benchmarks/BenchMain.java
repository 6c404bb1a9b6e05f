package io.jgrad.benchmarks;

import io.jgrad.Device;
import io.jgrad.backend.Backends;
import io.jgrad.benchmarks.support.BenchBackends;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Optional;

/**
 * The entry point of {@code benchmarks.jar}: JMH's own command line ({@code -l}, {@code -p}, {@code
 * -f}, ...; see {@code -h}) with two additions.
 *
 * <ul>
 *   <li>{@code -p backend=cuda} on a machine without a usable GPU prints {@code no CUDA device:
 *       <reason>} and drops the value (and exits 0 when nothing is left to run), so the jar never
 *       fails for want of a GPU;
 *   <li>after JMH's summary, a table of GFLOP/s and GB/s for every result ({@link ResultTable}).
 * </ul>
 */
public final class BenchMain {
  private BenchMain() {}

  /** Runs JMH with {@code args}. */
  public static void main(String[] args) throws IOException {
    CommandLineOptions cmd;
    try {
      cmd = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("Error parsing command line:");
      System.err.println(" " + e.getMessage());
      System.exit(1);
      return;
    }
    if (cmd.shouldHelp()
        || cmd.shouldList()
        || cmd.shouldListWithParams()
        || cmd.shouldListProfilers()
        || cmd.shouldListResultFormats()) {
      Main.main(args);
      return;
    }
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
    Optional<Collection<String>> backends = cmd.getParameter("backend");
    if (backends.hasValue()
        && backends.get().contains("cuda")
        && !Backends.isAvailable(Device.CUDA)) {
      System.out.println("no CUDA device: " + BenchBackends.unavailableReason(Device.CUDA));
      List<String> rest = new ArrayList<>(backends.get());
      rest.remove("cuda");
      if (rest.isEmpty()) {
        System.out.println("nothing left to run without backend=cuda; exiting");
        return;
      }
      System.out.println("running the other backends: " + rest);
      options.param("backend", rest.toArray(new String[0]));
    }
    try {
      Collection<RunResult> results = new Runner(options.build()).run();
      ResultTable.print(results, System.out);
    } catch (NoBenchmarksException e) {
      System.err.println("No matching benchmarks. Misspelled regexp? Use -l to list them.");
      System.exit(1);
    } catch (RunnerException e) {
      System.err.print("ERROR: ");
      e.printStackTrace(System.err);
      System.exit(1);
    }
  }
}
