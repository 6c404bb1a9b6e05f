package io.jgrad.backend.cuda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Per-thread resources are released when their thread ends and when the backend closes. */
class PerThreadTest {
  private final AtomicInteger created = new AtomicInteger();
  private final List<Integer> released = new ArrayList<>();
  private final PerThread<Integer> registry =
      new PerThread<>(
          created::incrementAndGet,
          r -> {
            synchronized (released) {
              released.add(r);
            }
          });

  private int onNewThread() throws InterruptedException {
    AtomicReference<Integer> got = new AtomicReference<>();
    Thread t = new Thread(() -> got.set(registry.current()));
    t.start();
    t.join();
    return got.get();
  }

  @Test
  void aThreadGetsOneResource() {
    int mine = registry.current();
    assertSame(registry.current(), registry.current());
    assertEquals(mine, registry.current());
    assertEquals(1, created.get());
  }

  @Test
  void endedThreadsAreReleasedWhenAnotherThreadStarts() throws InterruptedException {
    int first = onNewThread();
    int second = onNewThread(); // creating it reaps the first, whose thread has ended
    assertEquals(List.of(first), released);
    assertEquals(1, registry.reap(), "the second thread ended too");
    assertEquals(List.of(first, second), released);
    assertEquals(0, registry.all().size());
  }

  @Test
  void liveThreadsAreNotReaped() throws InterruptedException {
    int mine = registry.current();
    onNewThread();
    registry.reap();
    assertEquals(List.of(mine), registry.all());
    assertTrue(!released.contains(mine));
  }

  @Test
  void closeReleasesEverythingAndLaterUseThrows() {
    int mine = registry.current();
    registry.close();
    assertEquals(List.of(mine), released);
    IllegalStateException e = assertThrows(IllegalStateException.class, registry::current);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    registry.close();
    assertEquals(1, released.size(), "close is idempotent");
  }
}
