package io.ovrseer.cli;

import io.ovrseer.spec.SpecException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The bounds on a YAML environment file, so that a hostile or broken file is a {@link
 * SpecException} with its {@code file:line} instead of a {@link StackOverflowError} or an {@link
 * OutOfMemoryError}.
 *
 * <p>A file of more than {@value #MAX_BYTES} bytes is not read. While parsing (SnakeYAML's {@link
 * LoaderOptions}): at most {@value #MAX_CODE_POINTS} code points, collections nested at most
 * {@value #MAX_NESTING_DEPTH} deep, at most {@value #MAX_ALIASES_FOR_COLLECTIONS} aliases to lists
 * or maps, no recursive keys. SnakeYAML's composer keeps an alias as a second reference to the
 * anchored node, so a small file can still describe a huge or endless tree ({@code &a [*a]}; or 24
 * lines that each list the previous one twice, 2^24 values); reading the tree into {@link
 * ConfigNode}s is therefore bounded too ({@link Expansion}): a collection that contains itself is
 * an error, and so are more than {@value #MAX_VALUES} values or more than {@value
 * #MAX_EXPANDED_DEPTH} levels once aliases are expanded.
 */
final class YamlLimits {
  /** Code points in one file (3 MiB of ASCII); an environment file is a few kilobytes. */
  static final int MAX_CODE_POINTS = 3 * 1024 * 1024;

  /** Bytes in one file, read before the text is: as many as {@link #MAX_CODE_POINTS} can take. */
  static final int MAX_BYTES = 4 * MAX_CODE_POINTS;

  /** Nesting of lists and maps as written. */
  static final int MAX_NESTING_DEPTH = 50;

  /** Aliases that refer to a list or a map. */
  static final int MAX_ALIASES_FOR_COLLECTIONS = 50;

  /** Values (scalars, lists, maps) once aliases are expanded. */
  static final int MAX_VALUES = 100_000;

  /** Nesting once aliases are expanded. */
  static final int MAX_EXPANDED_DEPTH = 200;

  private YamlLimits() {}

  /** The options of every YAML read: the parsing bounds above. */
  static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setNestingDepthLimit(MAX_NESTING_DEPTH);
    options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
    options.setAllowRecursiveKeys(false);
    return options;
  }

  /**
   * One parse of {@code text} into SnakeYAML's node graph, which knows the line reading stopped at
   * when SnakeYAML gives up without a position (as it does for its limits).
   */
  static final class Parse {
    private final StreamReader stream;
    private final LoaderOptions options = loaderOptions();

    Parse(String text) {
      this.stream = new StreamReader(text);
    }

    /** The document's root node, or null for an empty document. */
    Node compose() {
      return new Composer(new ParserImpl(stream, options), new Resolver(), options).getSingleNode();
    }

    /** {@code fileName:line} of where reading stopped. */
    String where(String fileName) {
      return fileName + ":" + (stream.getLine() + 1);
    }
  }

  /**
   * Counts the values and tracks the collections being read while a node graph becomes {@link
   * ConfigNode}s: call {@link #enter} before reading a node and {@link #exit} after.
   */
  static final class Expansion {
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private int values;

    /**
     * @throws SpecException at {@code location} if {@code node} is being read already (it contains
     *     itself), or a bound is passed
     */
    void enter(Node node, String location) {
      if (!open.add(node)) {
        throw new SpecException(
            location + ":",
            "invalid YAML: an alias refers to a list or map that contains it (a"
                + " recursive structure)");
      }
      if (++values > MAX_VALUES) {
        throw new SpecException(
            location + ":",
            "invalid YAML: more than " + MAX_VALUES + " values once aliases are expanded");
      }
      if (open.size() > MAX_EXPANDED_DEPTH) {
        throw new SpecException(
            location + ":",
            "invalid YAML: nested more than "
                + MAX_EXPANDED_DEPTH
                + " levels deep once aliases are expanded");
      }
    }

    void exit(Node node) {
      open.remove(node);
    }
  }
}
