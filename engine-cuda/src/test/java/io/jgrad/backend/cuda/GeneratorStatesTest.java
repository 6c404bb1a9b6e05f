package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jgrad.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dropout RNG states are seeded once per generator, not once per forward pass. */
class GeneratorStatesTest {
  /** A fake device state that records its seeds. */
  private static final class FakeState {
    final List<Long> seeds = new ArrayList<>();
    boolean released;
  }

  private final List<FakeState> created = new ArrayList<>();
  private final GeneratorStates<FakeState> states =
      new GeneratorStates<>(
          () -> {
            FakeState s = new FakeState();
            created.add(s);
            return s;
          },
          (s, seed) -> s.seeds.add(seed),
          s -> s.released = true);

  @Test
  void aGeneratorSeedsItsStateOnceWithItsNextDraw() {
    Generator g = new Generator(7);
    long expectedSeed = new Generator(7).nextLong();
    FakeState first = states.get(g);
    for (int step = 0; step < 100; step++) {
      assertSame(first, states.get(g), "the same state on every forward pass");
    }
    assertEquals(List.of(expectedSeed), first.seeds, "seeded exactly once, from the generator");
    long[] after = g.getState();
    Generator reference = new Generator(7);
    reference.nextLong();
    assertEquals(
        java.util.Arrays.toString(reference.getState()),
        java.util.Arrays.toString(after),
        "the generator advanced by exactly one draw");
  }

  @Test
  void twoGeneratorsGetTwoStatesEachSeededFromItsOwnGenerator() {
    Generator a = new Generator(1);
    Generator b = new Generator(2);
    FakeState sa = states.get(a);
    FakeState sb = states.get(b);
    states.get(a);
    states.get(b);
    assertEquals(2, states.size());
    assertEquals(List.of(new Generator(1).nextLong()), sa.seeds);
    assertEquals(List.of(new Generator(2).nextLong()), sb.seeds);
  }

  @Test
  void aCollectedGeneratorsStateIsReseededForTheNextOne() throws InterruptedException {
    Generator a = new Generator(1);
    FakeState sa = states.get(a);
    a = null;
    for (int i = 0; i < 50 && states.size() == 1 && !collected(); i++) {
      System.gc();
      Thread.sleep(10);
    }
    boolean wasCollected = collected();
    Generator c = new Generator(3);
    FakeState sc = states.get(c);
    if (wasCollected) {
      assertSame(sa, sc, "the free state is reused");
      assertEquals(List.of(new Generator(1).nextLong(), new Generator(3).nextLong()), sa.seeds);
      assertEquals(1, created.size());
    } else {
      // The collector kept the generator: a second state, never a wrong one.
      assertEquals(2, created.size());
    }
    states.close();
    for (FakeState s : created) {
      assertEquals(true, s.released, "close releases every state");
    }
    assertEquals(0, states.size());
  }

  private boolean collected() {
    try {
      java.lang.reflect.Field f = GeneratorStates.class.getDeclaredField("entries");
      f.setAccessible(true);
      List<?> entries = (List<?>) f.get(states);
      Object e = entries.get(0);
      java.lang.reflect.Field g = e.getClass().getDeclaredField("generator");
      g.setAccessible(true);
      return ((java.lang.ref.WeakReference<?>) g.get(e)).get() == null;
    } catch (ReflectiveOperationException ex) {
      throw new AssertionError(ex);
    }
  }
}
