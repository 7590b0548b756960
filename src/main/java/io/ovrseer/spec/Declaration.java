package io.ovrseer.spec;

/**
 * One process as a front end found it, before it is checked: its group, id, how messages name it,
 * where its id was written and the tree of its keys (YAML) or attributes (annotations).
 *
 * @param group its group
 * @param id its id as written
 * @param label how messages name it: {@code @Dependency(id="db")} or {@code dependencies.db}
 * @param location where its id was written, such as {@code env.yml:4}; what a problem of the id or
 *     of the process as a whole is reported at. Empty for an annotation, whose label names it
 * @param node a map from key to value
 */
public record Declaration(
    ProcessGroup group, String id, String label, String location, ConfigNode node) {

  /**
   * The process {@code id} of a YAML file: the key {@code id} of the map of {@code group}, written
   * at {@code location}, with the value {@code node}. It is named {@code group.id}, a blank id in
   * double quotes ({@code main.""}) so that the name still shows there is one.
   */
  public static Declaration ofYaml(
      ProcessGroup group, String id, String location, ConfigNode node) {
    String name = id.isBlank() ? '"' + id + '"' : id;
    return new Declaration(group, id, group.yamlKey() + "." + name, location, node);
  }
}
