package io.jgrad.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import io.jgrad.Tensor;
import io.jgrad.nn.Module;
import io.jgrad.nn.Sequential;
import io.jgrad.nn.TestNets;
import io.jgrad.nn.layers.AdaptiveAvgPool2d;
import io.jgrad.nn.layers.BatchNorm2d;
import io.jgrad.nn.layers.Conv2d;
import io.jgrad.nn.layers.Flatten;
import io.jgrad.nn.layers.LogSoftmax;
import io.jgrad.nn.layers.ReLU;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported graph's structure, metadata and errors, read back through the ONNX schema. */
class OnnxExportTest {
  /** A layer the exporter does not know. */
  static final class Square extends Module {
    @Override
    public Tensor forward(Tensor x) {
      return x.mul(x);
    }
  }

  private static Sequential net7840() {
    Sequential m = TestNets.mnist7840(3);
    return m.add(new Flatten()).add(new LogSoftmax(1));
  }

  private static Map<String, String> metadata(ModelProto p) {
    return p.getMetadataPropsList().stream()
        .collect(
            Collectors.toMap(StringStringEntryProto::getKey, StringStringEntryProto::getValue));
  }

  @Test
  void writesAFileWithOpsetProducerAndMetadata(@TempDir Path dir) throws Exception {
    Sequential m = net7840();
    Path file = dir.resolve("sub/net7840.onnx");
    OnnxExport.export(m, "net7840", file);
    ModelProto p = ModelProto.parseFrom(Files.readAllBytes(file));
    assertEquals(17, p.getOpsetImport(0).getVersion());
    assertEquals("", p.getOpsetImport(0).getDomain());
    assertEquals("jgrad", p.getProducerName());
    assertTrue(p.getProducerVersion().matches("\\d+\\.\\d+\\.\\d+.*"), p.getProducerVersion());
    Map<String, String> meta = metadata(p);
    assertEquals("net7840", meta.get("model_name"));
    assertEquals(Integer.toString(m.numParameters()), meta.get("parameter_count"));
    assertEquals("7840", meta.get("parameter_count"));
    assertEquals("net7840", p.getGraph().getName());
    assertFalse(Files.exists(dir.resolve("sub/net7840.onnx.tmp")));
  }

  @Test
  void anUnwritableFileIsReportedWithItsName(@TempDir Path dir) throws Exception {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "a file, not a folder");
    Path file = blocker.resolve("net.onnx");
    java.io.UncheckedIOException e =
        assertThrows(
            java.io.UncheckedIOException.class, () -> OnnxExport.export(net7840(), "x", file));
    assertTrue(e.getMessage().contains("cannot write " + file), e.getMessage());
  }

  @Test
  void inputHasASymbolicBatchAndOutputIsNamedForWhatItHolds() {
    ModelProto p = OnnxExport.toModelProto(net7840(), "net7840", 1, 28, 28);
    assertEquals(1, p.getGraph().getInputCount());
    assertEquals("input", p.getGraph().getInput(0).getName());
    List<TensorShapeProto.Dimension> in =
        p.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
    assertEquals("N", in.get(0).getDimParam());
    assertArrayEquals(
        new long[] {1, 28, 28},
        in.subList(1, 4).stream().mapToLong(d -> d.getDimValue()).toArray());
    assertEquals("log_probs", p.getGraph().getOutput(0).getName());
    List<TensorShapeProto.Dimension> out =
        p.getGraph().getOutput(0).getType().getTensorType().getShape().getDimList();
    assertEquals("N", out.get(0).getDimParam());
    assertEquals(10, out.get(1).getDimValue());

    Sequential logits = TestNets.mnist7840(3).add(new Flatten());
    assertEquals(
        "logits",
        OnnxExport.toModelProto(logits, "x", 1, 28, 28).getGraph().getOutput(0).getName());
  }

  @Test
  void fusedBatchNormReluIsWrittenAsTwoOpsAndDropoutIsLeftOut() {
    ModelProto p = OnnxExport.toModelProto(net7840(), "net7840", 1, 28, 28);
    List<String> ops =
        p.getGraph().getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.toList());
    assertEquals(8, ops.stream().filter("Conv"::equals).count());
    assertEquals(7, ops.stream().filter("BatchNormalization"::equals).count());
    assertEquals(7, ops.stream().filter("Relu"::equals).count());
    assertFalse(ops.contains("Dropout"));
    assertEquals(List.of("Conv", "BatchNormalization", "Relu", "Conv"), ops.subList(0, 4));
    assertEquals(List.of("Flatten", "LogSoftmax"), ops.subList(ops.size() - 2, ops.size()));
    // Initializers carry the state-dict keys.
    List<String> inits =
        p.getGraph().getInitializerList().stream()
            .map(t -> t.getName())
            .collect(Collectors.toList());
    assertTrue(inits.containsAll(List.of("0.weight", "1.weight", "1.bias", "1.running_mean")));
  }

  @Test
  void anUnsupportedLayerIsNamedWithItsIndex() {
    Sequential m = new Sequential(new Conv2d(1, 2, 3), new ReLU(), new Sequential(new Square()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> OnnxExport.toModelProto(m, "x", 1, 28, 28));
    assertTrue(e.getMessage().contains("layer 2.0 (Square)"), e.getMessage());
    assertTrue(e.getMessage().contains("supported layers: Conv2d"), e.getMessage());
  }

  @Test
  void layersWithoutAnOnnxFormAreRefusedWithTheReason() {
    Sequential batchStats =
        new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2, 1e-5, 0.1, true, false));
    IllegalArgumentException bn =
        assertThrows(
            IllegalArgumentException.class,
            () -> OnnxExport.toModelProto(batchStats, "x", 1, 28, 28));
    assertTrue(bn.getMessage().contains("layer 1 (BatchNorm2d)"), bn.getMessage());
    assertTrue(bn.getMessage().contains("track_running_stats=False"), bn.getMessage());

    Sequential adaptive = new Sequential(new Conv2d(1, 2, 3), new AdaptiveAvgPool2d(4));
    IllegalArgumentException ap =
        assertThrows(
            IllegalArgumentException.class,
            () -> OnnxExport.toModelProto(adaptive, "x", 1, 28, 28));
    assertTrue(ap.getMessage().contains("layer 1 (AdaptiveAvgPool2d)"), ap.getMessage());
    assertTrue(ap.getMessage().contains("26x26 map to 4x4"), ap.getMessage());
  }

  @Test
  void aWrongInputShapeNamesTheLayerThatRejectsIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OnnxExport.toModelProto(net7840(), "x", 3, 28, 28));
    assertTrue(
        e.getMessage().contains("layer 0 (Conv2d) rejects its input [2, 3, 28, 28]"),
        e.getMessage());
    IllegalArgumentException chw =
        assertThrows(
            IllegalArgumentException.class, () -> OnnxExport.toModelProto(net7840(), "x", 28, 28));
    assertTrue(chw.getMessage().contains("[C, H, W]"), chw.getMessage());
  }

  @Test
  void trainingFlagsAreRestoredAfterExport() {
    Sequential m = net7840();
    m.train();
    m.get(1).eval(); // one batch norm in evaluation mode, the rest training
    OnnxExport.toModelProto(m, "x", 1, 28, 28);
    assertTrue(m.isTraining());
    assertFalse(m.get(1).isTraining());
    assertTrue(m.get(2).isTraining());
  }
}
