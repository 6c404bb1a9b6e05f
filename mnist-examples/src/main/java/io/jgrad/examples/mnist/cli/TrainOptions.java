package io.jgrad.examples.mnist.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The options of {@code train}, shared with config files and recipes: a JSON config holds the same
 * keys as these flags without the leading dashes ({@code "batch-size": 64}; {@code batch_size} is
 * accepted too). Fields are filled by picocli; {@link TrainConfig#from} turns them into a validated
 * configuration.
 */
@Command(name = "train-options", mixinStandardHelpOptions = false)
public final class TrainOptions {
  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "Registered model to train (see the `models` command).")
  String model;

  @Option(
      names = "--recipe",
      paramLabel = "NAME",
      defaultValue = "tuned",
      description =
          "The model's recipe to start from: tuned (one-cycle, tuned here), published (the"
              + " published experiment's SGD + StepLR/plateau recipe) or steplr (SGD + StepLR,"
              + " chosen here) (default: ${DEFAULT-VALUE}).")
  String recipe;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      defaultValue = "15",
      description = "Number of epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--train-limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "Use only the first N training images (0 = all).")
  int trainLimit;

  @Option(
      names = "--test-limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "Use only the first N test images (0 = all).")
  int testLimit;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "128",
      description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--optimizer",
      paramLabel = "NAME",
      defaultValue = "sgd",
      description = "sgd, adam or adamw (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--lr",
      paramLabel = "LR",
      description = "Learning rate; the peak rate for onecycle (default: 0.01 sgd, 0.001 adam).")
  Double lr;

  @Option(
      names = "--momentum",
      paramLabel = "M",
      defaultValue = "0.9",
      description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  double momentum;

  @Option(
      names = "--nesterov",
      paramLabel = "BOOL",
      arity = "0..1",
      defaultValue = "false",
      fallbackValue = "true",
      description = "Nesterov momentum for SGD.")
  boolean nesterov;

  @Option(
      names = "--weight-decay",
      paramLabel = "WD",
      defaultValue = "0",
      description = "Weight decay (L2 for sgd/adam, decoupled for adamw).")
  double weightDecay;

  @Option(
      names = "--schedule",
      paramLabel = "NAME",
      defaultValue = "none",
      description =
          "LR schedule: none, step, multistep, exponential, onecycle, plateau, cosine"
              + " (default: ${DEFAULT-VALUE}).")
  String schedule;

  @Option(
      names = "--step-size",
      paramLabel = "EPOCHS",
      defaultValue = "5",
      description = "step: epochs between LR decays (default: ${DEFAULT-VALUE}).")
  int stepSize;

  @Option(
      names = "--gamma",
      paramLabel = "G",
      defaultValue = "0.1",
      description =
          "step/multistep/exponential: LR decay factor; plateau: reduction factor"
              + " (default: ${DEFAULT-VALUE}).")
  double gamma;

  @Option(
      names = "--milestones",
      split = ",",
      paramLabel = "E1,E2",
      description = "multistep: epochs at which the LR decays, e.g. 6,11.")
  List<Integer> milestones = new ArrayList<>();

  @Option(
      names = "--pct-start",
      paramLabel = "P",
      defaultValue = "0.3",
      description =
          "onecycle: share of the steps spent raising the LR (default: ${DEFAULT-VALUE}).")
  double pctStart;

  @Option(
      names = "--div-factor",
      paramLabel = "F",
      defaultValue = "25",
      description = "onecycle: initial LR = lr / div-factor (default: ${DEFAULT-VALUE}).")
  double divFactor;

  @Option(
      names = "--final-div-factor",
      paramLabel = "F",
      defaultValue = "10000",
      description = "onecycle: final LR = initial / final-div-factor (default: ${DEFAULT-VALUE}).")
  double finalDivFactor;

  @Option(
      names = "--patience",
      paramLabel = "EPOCHS",
      defaultValue = "2",
      description = "plateau: epochs without test-loss improvement before reducing the LR.")
  int patience;

  @Option(
      names = "--min-lr",
      paramLabel = "LR",
      defaultValue = "0",
      description = "plateau: LR floor; cosine: final LR (default: ${DEFAULT-VALUE}).")
  double minLr;

  @Option(
      names = "--rotation",
      paramLabel = "DEGREES",
      defaultValue = "0",
      description = "Random rotation of training images by up to ±DEGREES (0 = off).")
  double rotation;

  @Option(
      names = "--dropout",
      paramLabel = "P",
      defaultValue = "0",
      description = "Dropout probability of the model's dropout layers.")
  double dropout;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "Random seed (default: 1).")
  long seed;

  @Option(
      names = "--device",
      paramLabel = "NAME",
      defaultValue = "cpu",
      description = "cpu or cuda (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "CPU worker threads (default: available processors).")
  Integer threads;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "MNIST folder (default: the cache folder, downloading when absent).")
  Path data;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output folder (default: runs/<model>-<timestamp>).")
  Path out;

  @Option(
      names = "--resume",
      paramLabel = "CHECKPOINT",
      description = "Continue the run saved in CHECKPOINT (e.g. OUT/last.safetensors).")
  Path resume;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "1",
      description = "Background threads preparing batches (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "N",
      defaultValue = "0",
      description = "Also save last.safetensors every N batches (0 = at epoch ends only).")
  int checkpointEvery;
}
