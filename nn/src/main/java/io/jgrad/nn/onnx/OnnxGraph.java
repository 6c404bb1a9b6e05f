package io.jgrad.nn.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A small builder over the generated ONNX protobuf classes: float and int64 initializers, nodes
 * with int, ints and float attributes, and float inputs/outputs whose first dimension may be
 * symbolic. It holds the nodes as builders, so the final tensor can be renamed to the graph
 * output's name once the last layer is known.
 */
final class OnnxGraph {
  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final List<NodeProto.Builder> nodes = new ArrayList<>();

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** Adds a float32 initializer {@code name} of shape {@code dims}; returns the name. */
  String floats(String name, float[] data, int... dims) {
    ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .setRawData(ByteString.copyFrom(b.array()));
    for (int d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  /** Adds a 1-d int64 initializer {@code name} (e.g. a Reshape target); returns the name. */
  String int64s(String name, long... data) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addDims(data.length);
    for (long v : data) {
      t.addInt64Data(v);
    }
    graph.addInitializer(t);
    return name;
  }

  /** Adds node {@code name} of {@code opType}; its one output is called {@code name}. */
  String node(String opType, String name, List<String> inputs, AttributeProto... attrs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(name).addOutput(name);
    n.addAllInput(inputs);
    for (AttributeProto a : attrs) {
      n.addAttribute(a);
    }
    nodes.add(n);
    return name;
  }

  /** Renames tensor {@code from} to {@code to} wherever a node reads or writes it. */
  void rename(String from, String to) {
    for (NodeProto.Builder n : nodes) {
      for (int i = 0; i < n.getInputCount(); i++) {
        if (n.getInput(i).equals(from)) {
          n.setInput(i, to);
        }
      }
      for (int i = 0; i < n.getOutputCount(); i++) {
        if (n.getOutput(i).equals(from)) {
          n.setOutput(i, to);
        }
      }
    }
  }

  /** Declares a float graph input. */
  void input(String name, String batchSymbol, int[] dims) {
    graph.addInput(valueInfo(name, batchSymbol, dims));
  }

  /** Declares a float graph output. */
  void output(String name, String batchSymbol, int[] dims) {
    graph.addOutput(valueInfo(name, batchSymbol, dims));
  }

  GraphProto build() {
    GraphProto.Builder g = graph.clone();
    for (NodeProto.Builder n : nodes) {
      g.addNode(n);
    }
    return g.build();
  }

  /** A float tensor type; dimension 0 is {@code batchSymbol} when not null. */
  private static ValueInfoProto valueInfo(String name, String batchSymbol, int[] dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (int i = 0; i < dims.length; i++) {
      TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
      if (i == 0 && batchSymbol != null) {
        d.setDimParam(batchSymbol);
      } else {
        d.setDimValue(dims[i]);
      }
      shape.addDim(d);
    }
    TypeProto.Tensor.Builder tensor =
        TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.FLOAT.getNumber())
            .setShape(shape);
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tensor))
        .build();
  }

  static AttributeProto ints(String name, int... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
    for (int v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
  }

  static AttributeProto floatAttr(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeType.FLOAT)
        .setF(value)
        .build();
  }
}
