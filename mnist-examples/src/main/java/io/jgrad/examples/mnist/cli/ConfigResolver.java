package io.jgrad.examples.mnist.cli;

import io.jgrad.examples.mnist.models.Models;
import io.jgrad.examples.mnist.train.OptimSettings;
import io.jgrad.examples.mnist.train.ScheduleSettings;
import io.jgrad.examples.mnist.train.TrainConfig;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Merges the layers of a training configuration, later layers winning: the model's recipe ({@code
 * --recipe}, default {@code tuned}; or, when resuming, the configuration saved in the checkpoint),
 * then the {@code --config} file, then the command-line flags. Every layer is a map from option
 * name (without dashes) to its text, so all layers are parsed by picocli exactly as flags are.
 */
public final class ConfigResolver {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private ConfigResolver() {}

  /** The option names a config file may hold: every {@code train} option. */
  public static Set<String> knownKeys() {
    CommandSpec spec = CommandSpec.forAnnotatedObject(new TrainOptions());
    Set<String> keys = new LinkedHashSet<>();
    for (OptionSpec o : spec.options()) {
      keys.add(o.longestName().replaceFirst("^-+", ""));
    }
    return Collections.unmodifiableSet(keys);
  }

  /** The options matched on a command line, as name to text (flags without a value: true). */
  public static Map<String, String> matched(ParseResult parsed, Set<String> keep) {
    Map<String, String> out = new LinkedHashMap<>();
    for (OptionSpec o : parsed.matchedOptions()) {
      String name = o.longestName().replaceFirst("^-+", "");
      if (!keep.contains(name)) {
        continue;
      }
      List<String> values = o.originalStringValues();
      out.put(name, values.isEmpty() ? "true" : String.join(",", values));
    }
    return out;
  }

  /**
   * Resolves the configuration of a {@code train} run.
   *
   * @param cli options given on the command line
   * @param configFile the {@code --config} file, or null
   * @param savedConfig reads the configuration stored in a checkpoint (for {@code --resume})
   * @throws ConfigException for a missing or unknown model, an unknown key, a bad value
   */
  public static TrainConfig resolve(
      Map<String, String> cli, Path configFile, Function<Path, Map<String, String>> savedConfig) {
    Set<String> known = knownKeys();
    Map<String, String> file = configFile == null ? Map.of() : ConfigFile.read(configFile, known);
    if (configFile != null) {
      parse(file, "config file " + configFile);
    }
    String resumeText = pick("resume", Arrays.asList(cli, file));
    Map<String, String> saved = new LinkedHashMap<>();
    if (resumeText != null) {
      saved.putAll(savedConfig.apply(Path.of(resumeText)));
      saved.remove("resume");
      saved.remove("out");
    }
    String model = pick("model", Arrays.asList(cli, file, saved));
    if (model == null) {
      throw new ConfigException(
          "train: --model is required; known models: " + String.join(", ", Models.names()));
    }
    model = Models.require(model).name();
    if (saved.containsKey("model") && !saved.get("model").equals(model)) {
      throw new ConfigException(
          "train: --model "
              + model
              + " does not match the checkpoint's model "
              + saved.get("model"));
    }
    String recipe = pick("recipe", Arrays.asList(cli, file, saved));
    recipe = Recipes.requireName(recipe == null ? Recipes.TUNED : recipe);
    Map<String, String> merged = new LinkedHashMap<>();
    if (saved.isEmpty()) {
      merged.putAll(Recipes.load(model, recipe, known));
    }
    merged.putAll(saved);
    merged.putAll(file);
    merged.putAll(cli);
    merged.put("model", model);
    merged.put("recipe", recipe);
    TrainOptions o = parse(merged, "configuration");
    if (o.out == null) {
      o.out =
          o.resume != null && o.resume.toAbsolutePath().getParent() != null
              ? o.resume.toAbsolutePath().getParent()
              : Path.of("runs", model + "-" + LocalDateTime.now().format(STAMP));
    }
    return toConfig(o);
  }

  private static String pick(String key, List<Map<String, String>> layers) {
    for (Map<String, String> l : layers) {
      if (l.containsKey(key)) {
        return l.get(key);
      }
    }
    return null;
  }

  /** Parses a layer into fresh options; {@code source} names the layer in errors. */
  static TrainOptions parse(Map<String, String> layer, String source) {
    TrainOptions o = new TrainOptions();
    CommandLine cl = new CommandLine(o);
    List<String> args = new ArrayList<>();
    layer.forEach((k, v) -> args.add("--" + k + "=" + v));
    try {
      cl.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new ConfigException(source + ": " + e.getMessage(), e);
    }
    return o;
  }

  /** Validates parsed options into a configuration. */
  static TrainConfig toConfig(TrainOptions o) {
    try {
      String opt = o.optimizer.toLowerCase(Locale.ROOT);
      double lr = o.lr != null ? o.lr : OptimSettings.defaultLr(opt);
      OptimSettings optim = new OptimSettings(opt, lr, o.momentum, o.nesterov, o.weightDecay);
      ScheduleSettings sched =
          new ScheduleSettings(
              o.schedule,
              o.stepSize,
              o.gamma,
              o.milestones,
              o.pctStart,
              o.divFactor,
              o.finalDivFactor,
              o.patience,
              o.minLr);
      int threads = o.threads != null ? o.threads : Runtime.getRuntime().availableProcessors();
      return new TrainConfig(
          o.model,
          o.epochs,
          o.trainLimit,
          o.testLimit,
          o.batchSize,
          optim,
          sched,
          o.rotation,
          o.dropout,
          o.seed,
          o.device.toLowerCase(Locale.ROOT),
          threads,
          o.data,
          o.out,
          o.resume,
          o.workers,
          o.checkpointEvery);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("train: " + e.getMessage(), e);
    }
  }
}
