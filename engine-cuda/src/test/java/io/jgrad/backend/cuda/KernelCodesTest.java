package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jgrad.backend.cuda.runtime.KernelSources;
import io.jgrad.backend.kernels.ElementwiseKernels.BinaryOp;
import io.jgrad.backend.kernels.ElementwiseKernels.UnaryOp;
import io.jgrad.backend.kernels.PointwiseKernels.Compare;
import io.jgrad.backend.kernels.PointwiseKernels.Fn;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The op codes the Java side passes to the kernels are the codes the {@code .cu} sources define:
 * for every enum constant, {@code code(op)} equals the source's {@code #define PREFIX_NAME}. Runs
 * without a GPU, so a new op cannot reach a kernel under another op's code.
 */
class KernelCodesTest {
  private static final Pattern DEFINE = Pattern.compile("#define ([A-Z0-9_]+) (\\d+)\\s*$");

  private static Map<String, Integer> defines(String file) {
    Map<String, Integer> codes = new HashMap<>();
    for (String line : KernelSources.read(file).split("\n")) {
      Matcher m = DEFINE.matcher(line.strip());
      if (m.matches()) {
        codes.put(m.group(1), Integer.parseInt(m.group(2)));
      }
    }
    return codes;
  }

  private static void assertCode(Map<String, Integer> defines, String name, int javaCode) {
    Integer cu = defines.get(name);
    assertNotNull(cu, name + " is not defined in the kernel source");
    assertEquals(cu.intValue(), javaCode, name);
  }

  @Test
  void elementwiseCodesMatchElementwiseCu() {
    Map<String, Integer> d = defines("elementwise.cu");
    for (UnaryOp op : UnaryOp.values()) {
      assertCode(d, "OP_" + op.name(), CudaElementwise.code(op));
    }
    for (BinaryOp op : BinaryOp.values()) {
      assertCode(d, "OP_" + op.name(), CudaElementwise.code(op));
    }
  }

  @Test
  void pointwiseCodesMatchPointwiseCu() {
    Map<String, Integer> d = defines("pointwise.cu");
    for (Fn fn : Fn.values()) {
      assertCode(d, "FN_" + fn.name(), CudaPointwise.code(fn));
    }
    for (Compare op : Compare.values()) {
      assertCode(d, "CMP_" + op.name(), CudaPointwise.code(op));
    }
  }
}
