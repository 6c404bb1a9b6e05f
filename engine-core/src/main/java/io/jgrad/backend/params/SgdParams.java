package io.jgrad.backend.params;

/**
 * One SGD step's hyper-parameters, PyTorch semantics.
 *
 * @param lr learning rate
 * @param momentum momentum factor (0 for none)
 * @param dampening dampening of the momentum
 * @param weightDecay L2 penalty added to the gradient
 * @param nesterov Nesterov momentum
 */
public record SgdParams(
    double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {}
