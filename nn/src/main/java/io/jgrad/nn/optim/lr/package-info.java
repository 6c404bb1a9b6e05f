/**
 * Learning-rate schedules in the image of {@code torch.optim.lr_scheduler}: closed-form schedules
 * extending {@link io.jgrad.nn.optim.lr.LRScheduler} ({@code lrAt(epoch)} is the math, {@code
 * step()} the thin state), the metric-driven {@link io.jgrad.nn.optim.lr.ReduceLROnPlateau}, and
 * the learning-rate range test {@link io.jgrad.nn.optim.lr.LrRangeFinder}.
 */
package io.jgrad.nn.optim.lr;
