package io.jgrad.examples.mnist.report;

/**
 * One epoch of a training run as written to {@code metrics.json}. Accuracies are in percent.
 *
 * @param epoch the epoch number, from 1
 * @param trainLoss mean training loss over the epoch's batches
 * @param trainAcc training accuracy over the epoch, in percent
 * @param testLoss mean test loss
 * @param testAcc test accuracy, in percent
 * @param lr the learning rate at the end of the epoch's last batch
 * @param seconds wall-clock seconds of the epoch (training and test)
 * @param trainImagesPerSec training images per second (training part only)
 */
public record EpochRecord(
    int epoch,
    double trainLoss,
    double trainAcc,
    double testLoss,
    double testAcc,
    double lr,
    double seconds,
    double trainImagesPerSec) {}
