package io.ovrseer.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

/**
 * The one reader of placeholders: {@code ${port:NAME}}, {@code ${java}}, {@code ${classpath}},
 * {@code ${env:VAR}}, {@code ${sys:prop}} and {@code ${KEY:ID}} (connection property {@code KEY} of
 * service {@code ID}); {@code $${} stands for a literal {@code ${}. A {@code ${} without its
 * closing brace (before the next {@code ${}) and a placeholder that holds whitespace are mistakes,
 * not text: they are nearly always a typo.
 */
final class Placeholders {
  static final String KNOWN =
      "${port:NAME}, ${java}, ${classpath}, ${env:VAR}, ${sys:prop}, ${KEY:ID} of a service";
  private static final List<String> KINDS = List.of("port", "java", "classpath", "env", "sys");

  private Placeholders() {}

  /** What each piece of a text becomes when it is rewritten; plain text is kept. */
  private interface Rewrite {
    /** A placeholder, given what is between its braces. */
    String placeholder(String inside);

    /** A {@code $${}; by default dropped (for scans that only look at placeholders). */
    default String escape() {
      return "";
    }

    /**
     * A {@code ${} without its closing brace, given it up to the next {@code ${} or the end; by
     * default dropped.
     */
    default String unclosed(String written) {
      return "";
    }
  }

  /**
   * {@code text} with each piece rewritten: the one scanner of placeholders, so that checking,
   * resolving and every other use agree on where a placeholder is.
   */
  private static String rewrite(String text, Rewrite rewrite) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int dollar = text.indexOf('$', i);
      if (dollar < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, dollar);
      if (text.startsWith("$${", dollar)) {
        out.append(rewrite.escape());
        i = dollar + 3;
      } else if (text.startsWith("${", dollar)) {
        int end = dollar + 2;
        while (end < text.length() && text.charAt(end) != '}' && !opens(text, end)) {
          end++;
        }
        if (end < text.length() && text.charAt(end) == '}') {
          out.append(rewrite.placeholder(text.substring(dollar + 2, end)));
          i = end + 1;
        } else {
          out.append(rewrite.unclosed(text.substring(dollar, end)));
          i = end;
        }
      } else {
        out.append('$');
        i = dollar + 1;
      }
    }
    return out.toString();
  }

  /** Whether a placeholder or an escape starts at {@code index}. */
  private static boolean opens(String text, int index) {
    return text.startsWith("${", index) || text.startsWith("$${", index);
  }

  /**
   * The problems of the placeholders in {@code text}, without resolving them.
   *
   * @param services the connection keys of each service, by service id
   */
  static List<String> check(String text, Map<String, Set<String>> services) {
    List<String> problems = new ArrayList<>();
    rewrite(
        text,
        new Rewrite() {
          @Override
          public String placeholder(String inside) {
            String problem = problemOf(inside, services);
            if (problem != null) {
              problems.add(problem);
            }
            return "";
          }

          @Override
          public String unclosed(String written) {
            problems.add(unclosedProblem(written));
            return "";
          }
        });
    return problems;
  }

  /**
   * {@code text} as it is used once resolved, with every placeholder replaced by a stand-in that is
   * no regex syntax: what a regex is checked as before its placeholders have values.
   */
  static String withStandIns(String text) {
    return rewrite(text, literal(inside -> "x"));
  }

  /** Whether {@code text} holds a placeholder (not counting {@code $${} escapes). */
  static boolean hasPlaceholder(String text) {
    return !insides(text).isEmpty();
  }

  /**
   * The ids of the services whose connection properties {@code text} uses: the {@code ID} of each
   * {@code ${KEY:ID}}, in order.
   */
  static List<String> serviceIds(String text) {
    List<String> ids = new ArrayList<>();
    for (String inside : insides(text)) {
      if (!KINDS.contains(kindOf(inside)) && argumentOf(inside) != null) {
        ids.add(argumentOf(inside));
      }
    }
    return ids;
  }

  /** What is between the braces of each placeholder of {@code text}, in order. */
  private static List<String> insides(String text) {
    List<String> insides = new ArrayList<>();
    rewrite(
        text,
        inside -> {
          insides.add(inside);
          return "";
        });
    return insides;
  }

  /**
   * {@code text} with every placeholder replaced.
   *
   * @param ports the port of each name
   * @param connection the connection property {@code KEY} of service {@code ID}, given {@code
   *     "KEY:ID"}; null if there is none
   * @throws Unresolved naming each placeholder that cannot be replaced
   */
  static String resolve(
      String text,
      PlaceholderContext context,
      ToIntFunction<String> ports,
      Function<String, String> connection) {
    // Every problem of the text, not only its first: "echo ${env:A} ${env:B}" with neither set
    // says so at once, as a declaration's other problems are.
    List<String> problems = new ArrayList<>();
    Rewrite literal = literal(inside -> valueOf(inside, context, ports, connection));
    String resolved =
        rewrite(
            text,
            new Rewrite() {
              @Override
              public String placeholder(String inside) {
                try {
                  return literal.placeholder(inside);
                } catch (IllegalArgumentException e) {
                  problems.add(e.getMessage());
                  return "";
                }
              }

              @Override
              public String escape() {
                return literal.escape();
              }

              @Override
              public String unclosed(String written) {
                problems.add(unclosedProblem(written));
                return "";
              }
            });
    if (!problems.isEmpty()) {
      throw new Unresolved(problems);
    }
    return resolved;
  }

  /** The placeholders of a text that cannot be replaced: its message joins their problems. */
  static final class Unresolved extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** One message per placeholder, in order. */
    final transient List<String> problems;

    Unresolved(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }
  }

  /**
   * {@code text} with the placeholders that do not depend on the environment replaced and the
   * others ({@code ${port:NAME}}, {@code ${KEY:ID}}) kept: what two equal declarations share.
   */
  static String resolveStatic(String text, PlaceholderContext context) {
    return rewrite(
        text,
        new Rewrite() {
          @Override
          public String placeholder(String inside) {
            if (List.of("java", "classpath", "env", "sys").contains(kindOf(inside))) {
              try {
                return valueOf(inside, context, name -> 0, key -> null);
              } catch (IllegalArgumentException e) {
                // reported when the environment is built
              }
            }
            return "${" + inside + "}";
          }

          @Override
          public String escape() {
            return "$${";
          }

          @Override
          public String unclosed(String written) {
            return written; // reported when the declaration is read
          }
        });
  }

  /**
   * The rewrite into the text as it is used: {@code placeholder} gives each placeholder's value, an
   * escape is a literal {@code ${}, and an unclosed {@code ${} is an error.
   */
  private static Rewrite literal(UnaryOperator<String> placeholder) {
    return new Rewrite() {
      @Override
      public String placeholder(String inside) {
        return placeholder.apply(inside);
      }

      @Override
      public String escape() {
        return "${";
      }

      @Override
      public String unclosed(String written) {
        throw new IllegalArgumentException(unclosedProblem(written));
      }
    };
  }

  private static String unclosedProblem(String written) {
    return "[" + written + "] is not closed: end it with }, or write $${ for a literal ${";
  }

  private static String valueOf(
      String inside,
      PlaceholderContext context,
      ToIntFunction<String> ports,
      Function<String, String> connection) {
    if (hasWhitespace(inside)) {
      throw new IllegalArgumentException(whitespaceProblem(inside));
    }
    String arg = argumentOf(inside);
    switch (kindOf(inside)) {
      case "java":
        if (arg == null) {
          return context.java();
        }
        break;
      case "classpath":
        if (arg == null) {
          return context.classpath();
        }
        break;
      case "port":
        if (arg != null && !arg.isBlank()) {
          return Integer.toString(ports.applyAsInt(arg));
        }
        break;
      case "env":
        if (arg != null && !arg.isBlank()) {
          return require(context.env().apply(arg), inside, "environment variable " + arg);
        }
        break;
      case "sys":
        if (arg != null && !arg.isBlank()) {
          return require(context.sys().apply(arg), inside, "system property " + arg);
        }
        break;
      default:
        String value = connection.apply(inside);
        if (value != null) {
          return value;
        }
    }
    throw new IllegalArgumentException(problemOf(inside, Map.of()));
  }

  private static String require(String value, String inside, String what) {
    if (value == null) {
      throw new IllegalArgumentException("[${" + inside + "}]: " + what + " is not set");
    }
    return value;
  }

  private static String problemOf(String inside, Map<String, Set<String>> services) {
    if (hasWhitespace(inside)) {
      return whitespaceProblem(inside);
    }
    String kind = kindOf(inside);
    String arg = argumentOf(inside);
    boolean known =
        switch (kind) {
          case "java", "classpath" -> arg == null;
          case "port", "env", "sys" -> arg != null && !arg.isBlank();
          default -> arg != null && services.getOrDefault(arg, Set.of()).contains(kind);
        };
    if (known) {
      return null;
    }
    List<String> candidates = new ArrayList<>(KINDS);
    if (arg != null) {
      candidates.addAll(services.getOrDefault(arg, Set.of()));
    }
    // A key some service has (${host:dbb}) is no typo of ${port:...}: the id is what is wrong.
    boolean serviceKey = services.values().stream().anyMatch(keys -> keys.contains(kind));
    String suggestion =
        arg != null && serviceKey
            ? serviceHint(kind, arg, services)
            : Suggestions.closest(kind, candidates)
                .map(k -> "; did you mean [${" + k + (arg == null ? "" : ":" + arg) + "}]?")
                .orElseGet(() -> arg == null ? ";" : serviceHint(kind, arg, services));
    String shape =
        switch (kind) {
          case "java", "classpath" -> "; [${" + kind + "}] takes no argument;";
          case "port", "env", "sys" -> "; [${" + kind + ":...}] needs a name after the colon;";
          default -> suggestion;
        };
    return "[${" + inside + "}] is not a known placeholder" + shape + " known: " + KNOWN;
  }

  /**
   * For a {@code ${KEY:ID}} whose key is no near typo: what service {@code ID} has, or which
   * service with {@code KEY} was meant, so that the message says what to write instead.
   */
  private static String serviceHint(String key, String id, Map<String, Set<String>> services) {
    if (services.containsKey(id)) {
      // Sorted: a kind's keys are a Set.of, whose order changes from run to run.
      return "; service ["
          + id
          + "] has the connection properties "
          + Suggestions.list(new TreeSet<>(services.get(id)))
          + ";";
    }
    List<String> withKey =
        services.entrySet().stream()
            .filter(service -> service.getValue().contains(key))
            .map(Map.Entry::getKey)
            .toList();
    String noService = "; [" + id + "] names no service";
    return Suggestions.closest(id, withKey)
        .map(other -> noService + "; did you mean [${" + key + ":" + other + "}]?")
        .orElse(
            withKey.isEmpty()
                ? noService + ";"
                : noService + "; services with [" + key + "]: " + Suggestions.list(withKey) + ";");
  }

  private static boolean hasWhitespace(String inside) {
    return inside.chars().anyMatch(Character::isWhitespace);
  }

  /**
   * A name with a space would be a second port or property beside the intended one. An id that
   * holds whitespace inside ({@code my api}) cannot be named at all: removing the space would name
   * no process, so the message says to rename the process instead.
   */
  private static String whitespaceProblem(String inside) {
    String kind = kindOf(inside).strip();
    String arg = argumentOf(inside);
    if (arg != null && hasWhitespace(arg.strip()) && !List.of("env", "sys").contains(kind)) {
      String renamed = arg.strip().replaceAll("\\s+", "-");
      return "[${"
          + inside
          + "}] holds whitespace, which no placeholder does, so a process or service whose id"
          + " holds whitespace cannot be named in one; rename it, such as ["
          + renamed
          + "], and write [${"
          + kind
          + ":"
          + renamed
          + "}]";
    }
    return "[${"
        + inside
        + "}] holds whitespace, which no placeholder does; did you mean [${"
        + inside.replaceAll("\\s+", "")
        + "}]?";
  }

  private static String kindOf(String inside) {
    int colon = inside.indexOf(':');
    return colon < 0 ? inside : inside.substring(0, colon);
  }

  private static String argumentOf(String inside) {
    int colon = inside.indexOf(':');
    return colon < 0 ? null : inside.substring(colon + 1);
  }
}
