package io.jgrad.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The launch-site reader that feeds the kernel checks resolves each form and rejects the rest. */
class LaunchSitesTest {
  private static Map<String, TreeSet<String>> scan(String src) {
    Map<String, TreeSet<String>> out = new TreeMap<>();
    LaunchSites.scanSource("X.java", src, out);
    return out;
  }

  @Test
  void resolvesLiteralsConstantsConditionalsLocalsAndParameters() {
    String src =
        "class X {\n"
            + "  private static final String FILE = \"a.cu\";\n"
            + "  void f(boolean b) {\n"
            + "    run(k.function(\"b.cu\", \"lit\"));\n"
            + "    run(k.function(FILE, b ? \"yes\" : \"no\"));\n"
            + "    String kernel = b ? \"l1\" : \"l2\";\n"
            + "    run(k.function(FILE, kernel));\n"
            + "    helper(\"p1\", 3);\n"
            + "    helper(\"p2\", 4);\n"
            + "  }\n"
            + "  private void helper(String name, int n) {\n"
            + "    run(k\n        .function(\"c.cu\", name), n);\n"
            + "  }\n"
            + "}\n";
    Map<String, TreeSet<String>> got = scan(src);
    assertEquals(Set.of("lit"), got.get("b.cu"));
    assertEquals(Set.of("yes", "no", "l1", "l2"), got.get("a.cu"));
    assertEquals(Set.of("p1", "p2"), got.get("c.cu"));
  }

  @Test
  void anUnresolvableSiteFails() {
    AssertionError e =
        assertThrows(
            AssertionError.class, () -> scan("class X { void f() { k.function(FILE, name()); } }"));
    assertTrue(e.getMessage().contains("X.java"), e.getMessage());
    assertThrows(
        AssertionError.class,
        () -> scan("class X { void f(String n) { k.function(\"a.cu\", n + \"x\"); } }"));
  }
}
