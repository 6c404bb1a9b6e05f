package io.jgrad.examples.mnist.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jgrad.examples.mnist.report.EpochRecord;
import io.jgrad.examples.mnist.report.TrainingLog;
import io.jgrad.examples.mnist.testing.MnistCache;
import io.jgrad.examples.mnist.train.Checkpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} in a child JVM is killed (SIGKILL, {@code destroyForcibly}) several times at seeded
 * random moments — mid-batch, mid-evaluation, mid-checkpoint-write — and resumed with {@code
 * --resume} each time. After every kill the checkpoint on disk must load; the final weights,
 * batch-norm statistics and optimizer state must equal, bit for bit, those of a run that was never
 * interrupted.
 */
class KillAndResumeTest {
  @TempDir Path dir;

  private static final long SEED = 20240917L;
  private static final int KILLS = 5;

  /** Tiny model and subset; dropout, rotation and onecycle exercise every piece of saved state. */
  private List<String> runArgs(Path out) {
    return List.of(
        "--model", "net4764",
        "--data", MnistCache.dir().toString(),
        "--out", out.toString(),
        "--train-limit", "2048",
        "--test-limit", "256",
        "--epochs", "3",
        "--batch-size", "64",
        "--checkpoint-every", "2",
        "--dropout", "0.1",
        "--rotation", "10",
        "--schedule", "onecycle",
        "--lr", "0.05",
        "--seed", "11",
        "--threads", "2");
  }

  @Test
  @Timeout(240)
  void killedAndResumedRunEndsBitIdenticalToAnUninterruptedOne() throws Exception {
    Path straight = dir.resolve("straight");
    Child a = Child.start(runArgs(straight));
    assertEquals(0, a.finish(), "uninterrupted run:\n" + a.log());

    Path b = dir.resolve("killed");
    Path last = b.resolve("last.safetensors");
    Random rnd = new Random(SEED);
    int kills = 0;
    int resumes = 0;
    boolean finished = false;
    for (int attempt = 0; attempt < KILLS && !finished; attempt++) {
      boolean resume = Files.exists(last);
      resumes += resume ? 1 : 0;
      FileTime before = resume ? Files.getLastModifiedTime(last) : null;
      Child c = Child.start(resume ? resumeArgs(last) : runArgs(b));
      if (!c.awaitHeader()) {
        // exited before training started: only acceptable as a finished run
        assertEquals(0, c.finish(), "session " + attempt + ":\n" + c.log());
        finished = true;
        break;
      }
      // every other session first waits for a fresh checkpoint, so the run always progresses
      if (attempt % 2 == 1 || !resume) {
        c.awaitNewer(last, before);
      }
      // Short delays: on a fast, quiet machine the whole run takes about a second, and a longer
      // delay would let it finish before a second kill.
      long delay = rnd.nextInt(250);
      if (c.process.waitFor(delay, TimeUnit.MILLISECONDS)) {
        assertEquals(0, c.process.exitValue(), "session " + attempt + ":\n" + c.log());
        finished = true;
        break;
      }
      c.process.destroyForcibly();
      c.process.waitFor();
      kills++;
      if (Files.exists(last)) {
        Checkpoint.Contents contents = loads(last, attempt);
        Checkpoint.Position p = contents.position();
        assertTrue(
            p.epoch() >= 0 && p.epoch() <= 3 && p.nextBatch() >= 0 && p.nextBatch() < 32,
            "position after kill " + attempt + ": " + p);
        System.out.printf("kill %d after %d ms: checkpoint at %s%n", attempt, delay, p);
      } else {
        System.out.printf("kill %d after %d ms: no checkpoint yet%n", attempt, delay);
      }
    }
    if (!finished) {
      assertTrue(Files.exists(last), "at least one checkpoint was written before the last kill");
      Child c = Child.start(resumeArgs(last));
      resumes++;
      assertEquals(0, c.finish(), "final resumed session:\n" + c.log());
    }
    assertTrue(kills >= 2, "the run was killed several times, got " + kills);
    assertTrue(resumes >= 1, "the run was resumed at least once, got " + resumes);

    Hardening.assertSameTensors(straight.resolve("last.safetensors"), last);
    List<EpochRecord> e1 = TrainingLog.read(straight.resolve("metrics.json")).epochs();
    List<EpochRecord> e2 = TrainingLog.read(b.resolve("metrics.json")).epochs();
    assertEquals(3, e1.size());
    assertEquals(e1.size(), e2.size());
    for (int i = 0; i < e1.size(); i++) {
      assertEquals(e1.get(i).trainLoss(), e2.get(i).trainLoss(), 0.0, "train loss " + i);
      assertEquals(e1.get(i).testLoss(), e2.get(i).testLoss(), 0.0, "test loss " + i);
      assertEquals(e1.get(i).lr(), e2.get(i).lr(), 0.0, "lr " + i);
    }
  }

  private static List<String> resumeArgs(Path last) {
    return List.of(
        "--resume", last.toString(), "--data", MnistCache.dir().toString(), "--threads", "2");
  }

  private static Checkpoint.Contents loads(Path last, int attempt) {
    try {
      return Checkpoint.read(last);
    } catch (RuntimeException e) {
      return fail("the checkpoint left by kill " + attempt + " does not load: " + e, e);
    }
  }

  /** One child {@code train} process whose output is collected on a thread. */
  private static final class Child {
    final Process process;
    private final StringBuilder log = new StringBuilder();
    private final CountDownLatch header = new CountDownLatch(1);

    private Child(Process process) {
      this.process = process;
      Thread t = new Thread(this::drain, "child-train-output");
      t.setDaemon(true);
      t.start();
    }

    static Child start(List<String> args) throws IOException {
      return new Child(
          Hardening.childTrain(new ArrayList<>(), args).redirectErrorStream(true).start());
    }

    private void drain() {
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (log) {
            log.append(line).append('\n');
          }
          if (line.contains(" parameters | ")) {
            header.countDown();
          }
        }
      } catch (IOException e) {
        // the process was killed; its output ends here
      } finally {
        header.countDown();
      }
    }

    /** Waits until training starts; false when the process ended first. */
    boolean awaitHeader() throws InterruptedException {
      header.await(120, TimeUnit.SECONDS);
      return process.isAlive();
    }

    /** Waits until {@code file} exists and is newer than {@code before} (or the process ends). */
    void awaitNewer(Path file, FileTime before) throws Exception {
      while (process.isAlive()) {
        if (Files.exists(file)
            && (before == null || Files.getLastModifiedTime(file).compareTo(before) > 0)) {
          return;
        }
        Thread.sleep(5);
      }
    }

    int finish() throws InterruptedException {
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("child train did not finish:\n" + log());
      }
      return process.exitValue();
    }

    String log() {
      synchronized (log) {
        return log.toString();
      }
    }
  }
}
