package io.jgrad.examples.mnist.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ```java} block of a Markdown document, as a doc-test: import lines, then statements,
 * which the test wraps in a {@code main} method, compiles against the built modules and runs. A
 * trailing {@code // prints: TEXT} comment on a line says that the program prints a line holding
 * TEXT, in the order of the comments. An info string {@code ```java no_run} compiles the block
 * without running it (for code that needs files or a network the test does not have).
 */
record DocSnippet(
    Path doc, int line, String imports, String body, boolean run, List<String> prints) {
  private static final Pattern FENCE = Pattern.compile("^```java(\\s+no_run)?\\s*$");
  private static final Pattern PRINTS = Pattern.compile("//\\s*prints:\\s*(.+?)\\s*$");

  /** Every Java block of {@code doc}, in order. */
  static List<DocSnippet> read(Path doc) throws IOException {
    List<String> lines = Files.readAllLines(doc);
    List<DocSnippet> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher fence = FENCE.matcher(lines.get(i));
      if (!fence.matches()) {
        continue;
      }
      int start = i + 1;
      StringBuilder imports = new StringBuilder();
      StringBuilder body = new StringBuilder();
      List<String> prints = new ArrayList<>();
      for (i = start; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
        String l = lines.get(i);
        (l.startsWith("import ") ? imports : body).append(l).append('\n');
        Matcher p = PRINTS.matcher(l);
        if (p.find()) {
          prints.add(p.group(1));
        }
      }
      out.add(
          new DocSnippet(
              doc, start, imports.toString(), body.toString(), fence.group(1) == null, prints));
    }
    return out;
  }

  /** A name for reports: the document and the line the block starts on. */
  String where() {
    return doc.getFileName() + ":" + line;
  }

  /** The compilable source of this block as class {@code name}. */
  String source(String name) {
    return imports
        + "\npublic class "
        + name
        + " {\n  public static void main(String[] args) throws Exception {\n"
        + body
        + "  }\n}\n";
  }
}
