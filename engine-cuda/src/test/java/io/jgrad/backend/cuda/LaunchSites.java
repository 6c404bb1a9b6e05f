package io.jgrad.backend.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kernels the Java code launches, read from its launch sites: every {@code .function(FILE_EXPR,
 * KERNEL_EXPR)} call in {@code src/main/java}. A file expression is a string literal or a {@code
 * String} constant of the same class; a kernel expression holds string literals (e.g. a
 * conditional, but no concatenation), or names a local assigned from literals, or a method
 * parameter that the class's calls of that method fill with literals. A site that resolves to no
 * name fails, so a new kernel cannot escape the checks that use this list.
 */
final class LaunchSites {
  private static final Pattern CALL = Pattern.compile("\\.function\\(");
  private static final Pattern LITERAL = Pattern.compile("\"([^\"\\\\]*)\"");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_]\\w*");

  private LaunchSites() {}

  /** Kernel names per {@code .cu} file, over every main source file under {@code root}. */
  static Map<String, TreeSet<String>> scan(Path root) throws IOException {
    Map<String, TreeSet<String>> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path f : (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".java"))::iterator) {
        scanSource(f.getFileName().toString(), Files.readString(f), out);
      }
    }
    return out;
  }

  /** Adds the launch sites of one source text (named {@code name} in errors) to {@code out}. */
  static void scanSource(String name, String src, Map<String, TreeSet<String>> out) {
    Matcher call = CALL.matcher(src);
    while (call.find()) {
      List<String> args = arguments(src, call.end());
      String where = name + " at offset " + call.start() + ": .function(" + args + ")";
      if (args.size() != 2) {
        throw new AssertionError(where + " does not have two arguments");
      }
      String file = resolveConstant(src, args.get(0).trim());
      if (file == null) {
        throw new AssertionError(where + ": cannot resolve the kernel file; use a literal");
      }
      TreeSet<String> kernels = resolveKernels(src, args.get(1).trim());
      if (kernels.isEmpty()) {
        throw new AssertionError(where + ": cannot resolve the kernel name; use literals");
      }
      out.computeIfAbsent(file, k -> new TreeSet<>()).addAll(kernels);
    }
  }

  private static String resolveConstant(String src, String expr) {
    Matcher lit = LITERAL.matcher(expr);
    if (lit.matches()) {
      return lit.group(1);
    }
    if (!IDENT.matcher(expr).matches()) {
      return null;
    }
    Matcher def =
        Pattern.compile("String\\s+" + expr + "\\s*=\\s*\"([^\"\\\\]*)\"\\s*;").matcher(src);
    return def.find() ? def.group(1) : null;
  }

  private static TreeSet<String> resolveKernels(String src, String expr) {
    TreeSet<String> names = literals(expr);
    if (!names.isEmpty() || !IDENT.matcher(expr).matches()) {
      return names;
    }
    Matcher assign = Pattern.compile("\\b" + expr + "\\s*=([^;=][^;]*);").matcher(src);
    while (assign.find()) {
      names.addAll(literals(assign.group(1)));
    }
    Matcher param = Pattern.compile("(\\w+)\\(([^()]*?)\\bString\\s+" + expr + "\\b").matcher(src);
    while (param.find()) {
      String method = param.group(1);
      int index = param.group(2).isBlank() ? 0 : param.group(2).split(",").length;
      Matcher use = Pattern.compile("(?<![\\w.])" + method + "\\(").matcher(src);
      while (use.find()) {
        List<String> args = arguments(src, use.end());
        if (args.size() > index) {
          Matcher lit = LITERAL.matcher(args.get(index).trim());
          if (lit.matches()) {
            names.add(lit.group(1));
          }
        }
      }
    }
    return names;
  }

  /** The literals of {@code expr}, or none when it builds a name (concatenation is not read). */
  private static TreeSet<String> literals(String expr) {
    TreeSet<String> names = new TreeSet<>();
    if (LITERAL.matcher(expr).replaceAll("").contains("+")) {
      return names;
    }
    Matcher m = LITERAL.matcher(expr);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The top-level, comma-separated arguments of the call whose '(' ends just before {@code at}. */
  private static List<String> arguments(String src, int at) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    StringBuilder cur = new StringBuilder();
    for (int i = at; i < src.length(); i++) {
      char c = src.charAt(i);
      if (quoted) {
        quoted = c != '"' || src.charAt(i - 1) == '\\';
      } else if (c == '"') {
        quoted = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && depth-- == 0) {
        if (!cur.toString().isBlank() || !args.isEmpty()) {
          args.add(cur.toString());
        }
        return args;
      } else if (c == ',' && depth == 0) {
        args.add(cur.toString());
        cur.setLength(0);
        continue;
      }
      cur.append(c);
    }
    throw new AssertionError("unbalanced parentheses after offset " + at);
  }
}
