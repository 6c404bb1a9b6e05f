package io.jgrad.backend.cuda;

import io.jgrad.Generator;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One random state per {@link Generator}, seeded once: the first use with a generator seeds a state
 * from it, later uses get the same state back untouched (it advances on the device). A state whose
 * generator was collected is reseeded for the next new generator instead of allocating another.
 * Confined to one thread, like the states it holds.
 *
 * @param <S> the state (cuDNN dropout descriptor and RNG memory on the GPU)
 */
final class GeneratorStates<S> implements AutoCloseable {
  private static final class Entry<S> {
    WeakReference<Generator> generator;
    final S state;

    Entry(Generator g, S state) {
      this.generator = new WeakReference<>(g);
      this.state = state;
    }
  }

  private final Supplier<S> create;
  private final BiConsumer<S, Long> seed;
  private final Consumer<S> release;
  private final List<Entry<S>> entries = new ArrayList<>();

  /**
   * @param create makes an unseeded state
   * @param seed seeds a state with a value drawn from its generator
   * @param release frees a state
   */
  GeneratorStates(Supplier<S> create, BiConsumer<S, Long> seed, Consumer<S> release) {
    this.create = create;
    this.seed = seed;
    this.release = release;
  }

  /** The state of {@code g}; seeded with {@code g.nextLong()} only on its first use. */
  S get(Generator g) {
    Entry<S> free = null;
    for (Entry<S> e : entries) {
      Generator owner = e.generator.get();
      if (owner == g) {
        return e.state;
      }
      if (owner == null && free == null) {
        free = e;
      }
    }
    if (free == null) {
      free = new Entry<>(g, create.get());
      entries.add(free);
    } else {
      free.generator = new WeakReference<>(g);
    }
    seed.accept(free.state, g.nextLong());
    return free.state;
  }

  /** How many states are held. */
  int size() {
    return entries.size();
  }

  /** Frees every state. */
  @Override
  public void close() {
    for (Entry<S> e : entries) {
      release.accept(e.state);
    }
    entries.clear();
  }
}
