package io.ovrseer.cli;

import io.ovrseer.spec.ConfigNode;
import io.ovrseer.spec.Problems;
import io.ovrseer.spec.SpecException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a YAML document into {@link ConfigNode}s that know their {@code file:line}. Syntax errors
 * and duplicate keys are reported with their line; size, nesting and alias expansion are bounded
 * ({@link YamlLimits}).
 */
final class YamlReader {
  private final String fileName;
  private final Problems problems;
  private final YamlLimits.Expansion expansion = new YamlLimits.Expansion();

  private YamlReader(String fileName, Problems problems) {
    this.fileName = fileName;
    this.problems = problems;
  }

  /**
   * Reads {@code file}; duplicate keys go to {@code problems}.
   *
   * @throws SpecException if the file is a directory or cannot be read, is larger than {@link
   *     YamlLimits#MAX_BYTES}, is not UTF-8 or is not valid YAML
   */
  static ConfigNode read(Path file, Problems problems) {
    if (Files.isDirectory(file)) {
      // Opening one succeeds on Linux; reading it fails with the JDK's "Is a directory".
      throw new SpecException(
          file + ":", "is a directory; give the environment's YAML file, such as env.yml");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // At most one byte over the limit: a huge file (or /dev/zero) is never read whole.
      bytes = in.readNBytes(YamlLimits.MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new SpecException(file.toString(), "is no such file");
    } catch (IOException e) {
      throw new SpecException(file.toString(), "cannot be read: " + e);
    }
    if (bytes.length > YamlLimits.MAX_BYTES) {
      throw new SpecException(
          file + ":",
          "is larger than "
              + (YamlLimits.MAX_BYTES >> 20)
              + " MiB; an environment file is a few kilobytes");
    }
    return read(file.toString(), utf8(file.toString(), bytes), problems);
  }

  /** {@code bytes} as UTF-8 text; a byte that is not UTF-8 is reported with its line. */
  private static String utf8(String fileName, byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never has more chars than bytes
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
    if (decoder.decode(in, out, true).isError()) {
      int line = 1;
      for (int i = 0; i < in.position(); i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw new SpecException(
          fileName + ":" + line + ":",
          String.format(
              "is not UTF-8 text: byte 0x%02X is no UTF-8 character; save it as UTF-8",
              bytes[in.position()] & 0xFF));
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  /** Reads {@code text}, naming it {@code fileName} in locations. */
  static ConfigNode read(String fileName, String text, Problems problems) {
    YamlReader reader = new YamlReader(fileName, problems);
    Node root;
    YamlLimits.Parse parse = new YamlLimits.Parse(text);
    try {
      root = parse.compose();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where = mark == null ? fileName : fileName + ":" + (mark.getLine() + 1);
      String what = e.getProblem() == null ? e.getMessage() : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      throw new SpecException(where + ":", "invalid YAML: " + what + context);
    } catch (YAMLException e) {
      // SnakeYAML's limits have no position of their own: where reading stopped.
      throw new SpecException(parse.where(fileName) + ":", "invalid YAML: " + e.getMessage());
    }
    if (root == null) {
      return ConfigNode.nullValue(fileName + ":1");
    }
    return reader.convert(root, "");
  }

  /** {@code node} as a ConfigNode, within the {@link YamlLimits} of alias expansion. */
  private ConfigNode convert(Node node, String path) {
    expansion.enter(node, location(node));
    try {
      return convertOnce(node, path);
    } finally {
      expansion.exit(node);
    }
  }

  private ConfigNode convertOnce(Node node, String path) {
    String location = location(node);
    if (node instanceof ScalarNode scalar) {
      return Tag.NULL.equals(scalar.getTag())
          ? ConfigNode.nullValue(location)
          : ConfigNode.scalar(location, scalar.getValue());
    }
    if (node instanceof SequenceNode sequence) {
      List<ConfigNode> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        items.add(convert(item, path + "[" + items.size() + "]"));
      }
      return ConfigNode.list(location, items);
    }
    MappingNode mapping = (MappingNode) node;
    Map<String, ConfigNode> entries = new LinkedHashMap<>();
    Map<String, String> keyLocations = new LinkedHashMap<>();
    Set<String> ownKeys = new HashSet<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode keyNode && !isMerge(keyNode)) {
        ownKeys.add(keyNode.getValue());
      }
    }
    for (NodeTuple tuple : mapping.getValue()) {
      String keyLocation = location(tuple.getKeyNode());
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        problems.add(keyLocation + ": " + path, "a key must be a plain name, not a list or map");
        continue;
      }
      if (isMerge(keyNode)) {
        merge(tuple.getValueNode(), path, keyLocation, ownKeys, entries, keyLocations);
        continue;
      }
      String key = keyNode.getValue();
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (entries.containsKey(key)) {
        problems.add(
            keyLocation + ": " + childPath,
            "[" + key + "] is a duplicate key (first at " + keyLocations.get(key) + ")");
        continue;
      }
      keyLocations.put(key, keyLocation);
      entries.put(key, convert(tuple.getValueNode(), childPath));
    }
    return ConfigNode.map(location, entries, keyLocations);
  }

  /** A plain {@code <<}: YAML's merge key (a quoted one is an ordinary key). */
  private static boolean isMerge(ScalarNode key) {
    return Tag.MERGE.equals(key.getTag());
  }

  /**
   * Adds the entries of the map or maps {@code value} of a merge key ({@code <<: *defaults}, {@code
   * <<: [*a, *b]}) that the mapping does not set itself ({@code ownKeys}) and an earlier map did
   * not give: YAML's merge, one level deep.
   */
  private void merge(
      Node value,
      String path,
      String keyLocation,
      Set<String> ownKeys,
      Map<String, ConfigNode> entries,
      Map<String, String> keyLocations) {
    List<Node> maps = value instanceof SequenceNode sequence ? sequence.getValue() : List.of(value);
    if (!maps.stream().allMatch(MappingNode.class::isInstance)) {
      problems.add(
          keyLocation + ": " + (path.isEmpty() ? "<<" : path + ".<<"),
          "a merge key (<<) takes a map or a list of maps, such as *defaults");
      return;
    }
    for (Node map : maps) {
      ConfigNode merged = convert(map, path);
      merged
          .entries()
          .forEach(
              (key, entry) -> {
                if (!ownKeys.contains(key) && !entries.containsKey(key)) {
                  entries.put(key, entry);
                  keyLocations.put(key, merged.keyLocation(key));
                }
              });
    }
  }

  private String location(Node node) {
    Mark mark = node.getStartMark();
    return mark == null ? fileName : fileName + ":" + (mark.getLine() + 1);
  }
}
