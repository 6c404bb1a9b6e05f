package io.jgrad.examples.mnist.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Doc-tests: every {@code ```java} block of the repository's Markdown documents is compiled against
 * the built modules and run, and what its {@code // prints:} comments say is checked (see {@link
 * DocSnippet}). The README's code therefore runs as written.
 */
class DocTest {
  @TempDir static Path classes;

  static Path repo() {
    String prop = System.getProperty("jgrad.repo.dir");
    Path p = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath().getParent();
    assertTrue(Files.isRegularFile(p.resolve("README.md")), "repository root: " + p);
    return p;
  }

  /** The Markdown files of the repository, outside build output and hidden folders. */
  static List<Path> docs() throws IOException {
    Path root = repo();
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".md"))
          .filter(p -> !root.relativize(p).toString().matches("(.*/)?(target[^/]*|\\.[^/]*)/.*"))
          .sorted()
          .toList();
    }
  }

  static List<DocSnippet> snippets() throws IOException {
    List<DocSnippet> all = new ArrayList<>();
    for (Path d : docs()) {
      all.addAll(DocSnippet.read(d));
    }
    return all;
  }

  @Test
  void theReadmeHasRunnableJavaBlocks() throws IOException {
    List<DocSnippet> readme = DocSnippet.read(repo().resolve("README.md"));
    assertTrue(readme.stream().filter(DocSnippet::run).count() >= 2, "README java blocks");
  }

  @TestFactory
  Stream<DynamicTest> everyJavaBlockCompilesAndRunsAsWritten() throws IOException {
    List<DocSnippet> all = snippets();
    assertFalse(all.isEmpty());
    return all.stream().map(s -> DynamicTest.dynamicTest(s.where(), () -> check(s)));
  }

  private static void check(DocSnippet s) throws Exception {
    String name = "Doc_" + s.doc().getFileName().toString().replaceAll("\\W", "_") + "_" + s.line();
    Path src = classes.resolve(name + ".java");
    Files.writeString(src, s.source(name));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "doc-tests need a JDK");
    StringWriter diagnostics = new StringWriter();
    boolean ok =
        javac
            .getTask(
                diagnostics,
                null,
                null,
                List.of(
                    "-d",
                    classes.toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-proc:none"),
                null,
                javac
                    .getStandardFileManager(null, null, StandardCharsets.UTF_8)
                    .getJavaFileObjects(src))
            .call();
    if (!ok) {
      fail(s.where() + " does not compile:\n" + diagnostics + "\n" + s.source(name));
    }
    if (!s.run()) {
      return;
    }
    List<String> lines = runMain(name);
    int at = 0;
    for (String expected : s.prints()) {
      while (at < lines.size() && !lines.get(at).contains(expected)) {
        at++;
      }
      assertTrue(
          at < lines.size(),
          s.where()
              + ": expected a printed line holding '"
              + expected
              + "', in order, in:\n"
              + String.join("\n", lines));
      at++;
    }
  }

  private static synchronized List<String> runMain(String name) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, DocTest.class.getClassLoader())) {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      loader.loadClass(name).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(saved);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    saved.print(out);
    return out.lines().toList();
  }

  @Test
  void snippetsAreParsedWithTheirExpectations() throws IOException {
    Path md = classes.resolve("sample.md");
    Files.writeString(
        md,
        "text\n```java\nimport java.util.List;\nSystem.out.println(List.of(1)); // prints: [1]\n"
            + "```\n```java no_run\nSystem.exit(1);\n```\n```bash\nls\n```\n");
    List<DocSnippet> s = DocSnippet.read(md);
    assertEquals(2, s.size());
    assertEquals("import java.util.List;\n", s.get(0).imports());
    assertEquals(List.of("[1]"), s.get(0).prints());
    assertTrue(s.get(0).run());
    assertFalse(s.get(1).run());
    assertEquals("sample.md:2", s.get(0).where());
  }
}
