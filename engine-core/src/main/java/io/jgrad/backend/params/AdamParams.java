package io.jgrad.backend.params;

/**
 * One Adam / AdamW step's hyper-parameters, PyTorch semantics.
 *
 * @param lr learning rate
 * @param beta1 first-moment decay
 * @param beta2 second-moment decay
 * @param eps added to the denominator
 * @param weightDecay L2 (Adam) or decoupled (AdamW) weight decay
 * @param decoupled true for AdamW
 */
public record AdamParams(
    double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {}
