package io.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.Generator;
import io.jgrad.Shape;
import io.jgrad.Tensor;
import io.jgrad.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Optimizer state dicts: the key layout, exact resumption after a round trip through what a
 * safetensors file can hold (float32 arrays with shapes, plus strings), and loading errors.
 */
class OptimizerStateDictTest {
  private static final int[][] SHAPES = {{3, 2}, {4}};

  private static List<Tensor> params(long seed) {
    Generator g = new Generator(seed);
    List<Tensor> ps = new ArrayList<>();
    for (int[] s : SHAPES) {
      ps.add(Tensors.fromArray(gaussian(g, Shape.of(s).numel()), s).requiresGrad(true));
    }
    return ps;
  }

  private static float[] gaussian(Generator g, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) g.nextGaussian();
    }
    return v;
  }

  /** The gradients of step {@code t}, the same in every run. */
  private static void setGrads(List<Tensor> ps, int t) {
    Generator g = new Generator(1000 + t);
    for (Tensor p : ps) {
      p.setGrad(Tensors.fromArray(gaussian(g, p.numel()), p.shape().dims()));
    }
  }

  private static List<float[]> run(Optimizer opt, List<Tensor> ps, int from, int to) {
    List<float[]> trace = new ArrayList<>();
    for (int t = from; t < to; t++) {
      setGrads(ps, t);
      opt.step();
      for (Tensor p : ps) {
        trace.add(p.toArray());
      }
    }
    return trace;
  }

  /** What a safetensors file keeps: float32 data with its shape, and text. */
  private static Map<String, Tensor> throughFile(Map<String, Tensor> tensors) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    tensors.forEach(
        (k, t) ->
            out.put(
                k, Tensors.fromArray(t.toArray().clone(), Shape.of(t.shape().dims()), Device.CPU)));
    return out;
  }

  private static List<Function<List<Tensor>, Optimizer>> optimizers() {
    return List.of(
        ps ->
            SGD.forGroups(
                List.of(
                    ParamGroup.of(ps.subList(0, 1)),
                    ParamGroup.of(ps.subList(1, 2)).with(ParamGroup.LR, 0.05)),
                0.1,
                0.9,
                0,
                5e-4,
                true),
        ps -> new SGD(ps, 0.1, 0.8, 0.2, 0, false),
        ps -> new Adam(ps, 0.01, 0.8, 0.99, 1e-8, 1e-3),
        ps -> new AdamW(ps, 0.01));
  }

  @Test
  void resumingFromARoundTripReproducesTheNextStepsBitForBit() {
    for (Function<List<Tensor>, Optimizer> make : optimizers()) {
      List<Tensor> a = params(7);
      Optimizer optA = make.apply(a);
      run(optA, a, 0, 3);
      Map<String, Tensor> saved = throughFile(optA.stateDict());
      Map<String, String> meta = new LinkedHashMap<>(optA.stateMetadata());
      List<float[]> paramsAtSave = new ArrayList<>();
      a.forEach(p -> paramsAtSave.add(p.toArray()));
      List<float[]> expected = run(optA, a, 3, 6);

      List<Tensor> b = params(99);
      for (int i = 0; i < b.size(); i++) {
        b.get(i).copyFrom(Tensors.fromArray(paramsAtSave.get(i), SHAPES[i]));
      }
      Optimizer optB = make.apply(b);
      optB.paramGroups().get(0).setLr(123.0); // overwritten by the metadata
      optB.loadStateDict(saved, meta);
      List<float[]> resumed = run(optB, b, 3, 6);
      for (int i = 0; i < expected.size(); i++) {
        assertArrayEquals(expected.get(i), resumed.get(i), optA.name() + " trace entry " + i);
      }

      List<Tensor> c = params(99);
      for (int i = 0; i < c.size(); i++) {
        c.get(i).copyFrom(Tensors.fromArray(paramsAtSave.get(i), SHAPES[i]));
      }
      List<float[]> fresh = run(make.apply(c), c, 3, 6);
      assertFalse(
          Arrays.equals(expected.get(0), fresh.get(0)),
          optA.name() + ": without the state the next step must differ (else the test is void)");
    }
  }

  @Test
  void keysAndMetadataFollowTheDocumentedLayout() {
    List<Tensor> ps = params(1);
    Adam adam = new Adam(ps, 0.01);
    run(adam, ps, 0, 3);
    Map<String, Tensor> sd = adam.stateDict();
    assertEquals(
        Set.of(
            "state.0.exp_avg",
            "state.0.exp_avg_sq",
            "state.0.step",
            "state.1.exp_avg",
            "state.1.exp_avg_sq",
            "state.1.step"),
        sd.keySet());
    assertEquals(0, sd.get("state.1.step").rank());
    assertEquals(3.0f, sd.get("state.1.step").item());
    assertEquals(Shape.of(4), sd.get("state.1.exp_avg").shape());
    Map<String, String> meta = adam.stateMetadata();
    assertEquals("Adam", meta.get("optimizer"));
    assertEquals("1", meta.get("param_groups"));
    assertEquals("0,1", meta.get("param_groups.0.params"));
    assertEquals("0.01", meta.get("param_groups.0.lr"));
    assertEquals("0.999", meta.get("param_groups.0.beta2"));
    assertEquals("false", meta.get("param_groups.0.amsgrad"));

    List<Tensor> qs = params(2);
    SGD sgd = new SGD(qs, 0.1, 0.9);
    qs.get(1).setGrad(Tensors.ones(4));
    sgd.step();
    assertEquals(Set.of("state.1.momentum_buffer"), sgd.stateDict().keySet());
    assertEquals("0.9", sgd.stateMetadata().get("param_groups.0.momentum"));
  }

  @Test
  void stateDictIsASnapshot() {
    List<Tensor> ps = params(3);
    SGD opt = new SGD(ps, 0.1, 0.9);
    run(opt, ps, 0, 1);
    Tensor saved = opt.stateDict().get("state.0.momentum_buffer");
    float[] before = saved.toArray();
    run(opt, ps, 1, 2);
    assertArrayEquals(before, saved.toArray());
    assertFalse(Arrays.equals(before, opt.state(ps.get(0)).buffer("momentum_buffer").toArray()));
  }

  @Test
  void tensorsOnlyLoadKeepsOptionsAndReplacesTheWholeState() {
    List<Tensor> ps = params(4);
    SGD opt = new SGD(ps, 0.1, 0.9);
    ps.get(0).setGrad(Tensors.ones(3, 2));
    opt.step();
    Map<String, Tensor> onlyFirst = throughFile(opt.stateDict());
    run(opt, ps, 0, 1);
    opt.paramGroups().get(0).setLr(0.3);
    opt.loadStateDict(onlyFirst);
    assertEquals(0.3, opt.paramGroups().get(0).lr());
    assertNull(opt.state(ps.get(1)), "state of parameters absent from the dict is dropped");
    assertArrayEquals(
        new float[] {1, 1, 1, 1, 1, 1}, opt.state(ps.get(0)).buffer("momentum_buffer").toArray());
  }

  @Test
  void badStatesAreRejectedWithoutChangingAnything() {
    List<Tensor> ps = params(5);
    Adam opt = new Adam(ps, 0.01);
    run(opt, ps, 0, 2);
    Map<String, Tensor> good = opt.stateDict();
    Map<String, String> meta = opt.stateMetadata();
    float[] before = opt.state(ps.get(0)).buffer("exp_avg").toArray();

    assertRejected(
        opt,
        with(good, "state.2.exp_avg", Tensors.zeros(4)),
        meta,
        "names parameter 2",
        "2 parameters");
    assertRejected(
        opt,
        with(good, "state.0.exp_avg", Tensors.zeros(6)),
        meta,
        "state.0.exp_avg",
        "[3, 2]",
        "[6]");
    assertRejected(
        opt,
        with(good, "state.0.momentum_buffer", Tensors.zeros(3, 2)),
        meta,
        "unexpected state 'momentum_buffer'");
    assertRejected(opt, with(good, "exp_avg", Tensors.zeros(3, 2)), meta, "unexpected key");
    assertRejected(opt, with(good, "state.0.step", Tensors.scalar(1.5)), meta, "step count");
    Map<String, String> sgdMeta = new SGD(params(6), 0.1).stateMetadata();
    assertRejected(opt, good, sgdMeta, "saved by optimizer 'SGD'", "Adam");
    Map<String, String> noLr = new LinkedHashMap<>(meta);
    noLr.remove("param_groups.0.lr");
    assertRejected(opt, good, noLr, "lacks 'param_groups.0.lr'");
    Map<String, String> extra = new LinkedHashMap<>(meta);
    extra.put("param_groups.0.momentum", "0.9");
    assertRejected(opt, good, extra, "unexpected metadata keys [param_groups.0.momentum]");
    Map<String, String> otherParams = new LinkedHashMap<>(meta);
    otherParams.put("param_groups.0.params", "0,1,2");
    assertRejected(opt, good, otherParams, "param group 0", "[0,1,2]");

    assertArrayEquals(before, opt.state(ps.get(0)).buffer("exp_avg").toArray());
    assertEquals(2, opt.state(ps.get(0)).step());
  }

  private static Map<String, Tensor> with(Map<String, Tensor> base, String key, Tensor t) {
    Map<String, Tensor> m = new LinkedHashMap<>(base);
    m.put(key, t);
    return m;
  }

  private static void assertRejected(
      Optimizer opt, Map<String, Tensor> tensors, Map<String, String> meta, String... fragments) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(tensors, meta));
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should mention " + f);
    }
    assertTrue(e.getMessage().startsWith(opt.name() + ".loadStateDict"), e.getMessage());
  }
}
