package io.jgrad.nn.optim.lr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jgrad.Generator;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import io.jgrad.nn.io.Safetensors;
import io.jgrad.nn.optim.Adam;
import io.jgrad.nn.optim.Optimizer;
import io.jgrad.nn.optim.ParamGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: Adam + OneCycleLR saved mid-run into one safetensors file (optimizer buffers as
 * tensors; optimizer options and scheduler state as metadata, the scheduler's under a {@code
 * lr_scheduler.} prefix), then loaded into fresh objects, continue bit-identically.
 */
class SafetensorsResumeTest {
  private static final String SCHED = "lr_scheduler.";

  @TempDir Path dir;

  /** Surefire points java.io.tmpdir at a per-fork folder it does not create; @TempDir needs it. */
  @BeforeAll
  static void tmpdirExists() throws IOException {
    Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
  }

  private static Tensor param(float... v) {
    return Tensors.fromArray(v, v.length).requiresGrad(true);
  }

  /** Runs steps [from, to) with seeded gradients; returns params, lr and beta1 after each. */
  private static List<float[]> run(
      Optimizer opt, LRScheduler s, List<Tensor> ps, int from, int to) {
    List<float[]> out = new ArrayList<>();
    for (int t = from; t < to; t++) {
      Generator g = new Generator(500 + t);
      for (Tensor p : ps) {
        float[] grad = new float[p.numel()];
        for (int i = 0; i < grad.length; i++) {
          grad[i] = (float) g.nextGaussian();
        }
        p.setGrad(Tensors.fromArray(grad, p.shape().dims()));
      }
      opt.step();
      s.step();
      ps.forEach(p -> out.add(p.toArray()));
      ParamGroup group = opt.paramGroups().get(0);
      out.add(new float[] {(float) group.lr(), (float) group.get(ParamGroup.BETA1)});
      assertEquals(s.getLastLr()[0], group.lr());
    }
    return out;
  }

  @Test
  void adamWithOneCycleResumesFromAFile() throws IOException {
    List<Tensor> a = List.of(param(0.5f, -1, 2), param(0.25f));
    Adam optA = new Adam(a, 1e-3, 0.9, 0.99, 1e-8, 1e-4);
    OneCycleLR schedA = OneCycleLR.builder(optA, 0.05).totalSteps(20).build();
    run(optA, schedA, a, 0, 7);
    Map<String, String> meta = new LinkedHashMap<>(optA.stateMetadata());
    schedA.stateDict().forEach((k, v) -> meta.put(SCHED + k, v));
    Path file = dir.resolve("optimizer.safetensors");
    Safetensors.write(file, optA.stateDict(), meta);
    float[][] paramsAtSave = {a.get(0).toArray(), a.get(1).toArray()};
    List<float[]> expected = run(optA, schedA, a, 7, 13);

    List<Tensor> b = List.of(param(paramsAtSave[0]), param(paramsAtSave[1]));
    Adam optB = new Adam(b, 1e-3, 0.9, 0.99, 1e-8, 1e-4);
    OneCycleLR schedB = OneCycleLR.builder(optB, 0.05).totalSteps(20).build();
    Map<String, String> readMeta = Safetensors.readMetadata(file);
    Map<String, String> optMeta = new LinkedHashMap<>();
    Map<String, String> schedMeta = new LinkedHashMap<>();
    readMeta.forEach(
        (k, v) -> {
          if (k.startsWith(SCHED)) {
            schedMeta.put(k.substring(SCHED.length()), v);
          } else {
            optMeta.put(k, v);
          }
        });
    optB.loadStateDict(Safetensors.read(file), optMeta);
    schedB.loadStateDict(schedMeta);
    List<float[]> resumed = run(optB, schedB, b, 7, 13);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), resumed.get(i), "entry " + i);
    }
  }
}
