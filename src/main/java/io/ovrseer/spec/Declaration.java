package io.ovrseer.spec;

/**
 * One process as a front end found it, before it is checked: its group, id, how messages name it
 * and the tree of its keys (YAML) or attributes (annotations).
 *
 * @param group its group
 * @param id its id as written
 * @param label how messages name it: {@code @Dependency(id="db")} or {@code dependencies.db}
 * @param node a map from key to value
 */
public record Declaration(ProcessGroup group, String id, String label, ConfigNode node) {}
