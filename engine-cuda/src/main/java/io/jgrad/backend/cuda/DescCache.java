package io.jgrad.backend.cuda;

import io.jgrad.backend.cuda.cudnn.TensorDesc;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * cuDNN descriptors and plans cached per shape for the life of the backend, so a training loop
 * creates each once. Descriptors are host-side structures that cuDNN only reads, so one cached
 * descriptor serves every thread. There is one entry per distinct shape a model uses.
 */
final class DescCache<K, V extends AutoCloseable> {
  private final Map<K, V> map = new ConcurrentHashMap<>();
  private final Function<K, V> factory;

  DescCache(Function<K, V> factory) {
    this.factory = factory;
  }

  /** The cached value of {@code key}, created on first use. */
  V get(K key) {
    return map.computeIfAbsent(key, factory);
  }

  /** Number of cached entries. */
  int size() {
    return map.size();
  }

  /** A cache of packed NCHW tensor descriptors keyed by their four dims. */
  static DescCache<List<Integer>, TensorDesc> tensors() {
    return new DescCache<>(k -> new TensorDesc(new int[] {k.get(0), k.get(1), k.get(2), k.get(3)}));
  }

  /** The key of {@link #tensors()} for {@code dims}. */
  static List<Integer> key(int[] dims) {
    return List.of(dims[0], dims[1], dims[2], dims[3]);
  }
}
