package io.ovrseer.junit;

import io.ovrseer.internal.RunningEnvironments;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.PlaceholderContext;
import java.nio.file.Path;
import java.util.Map;

/**
 * An environment as one test class declares it, with what the extension adds to the model.
 *
 * @param spec the declaration
 * @param identity the stable hash of {@code spec}, which {@code Scope.GLOBAL} shares by
 * @param crashReports where crash reports are written
 * @param testClass the simple name of the declaring class, for the ready and stopped lines
 * @param owner the fully qualified name of the declaring class when the environment is its own
 *     (scope {@code CLASS} or {@code METHOD}); null when it is shared ({@code GLOBAL})
 * @param enclosing the system properties the environments of the enclosing classes publish ({@code
 *     ovrseer.port.NAME}, {@code ovrseer.KEY.ID}), the nearest one's value for each; empty for a
 *     top-level class
 */
record EnvironmentDeclaration(
    EnvironmentSpec spec,
    String identity,
    Path crashReports,
    String testClass,
    String owner,
    Map<String, String> enclosing) {

  EnvironmentDeclaration {
    enclosing = Map.copyOf(enclosing);
  }

  /**
   * What the placeholders of a declaration read: this JVM's, except that {@code ${sys:...}} reads
   * the properties of the enclosing classes' environments first. A {@code @Nested} class reaches
   * its enclosing environment's port as {@code ${sys:ovrseer.port.api}}; the JVM-wide property
   * holds the value of whichever environment published it last, another test class's when classes
   * run in parallel.
   */
  static PlaceholderContext placeholders(Map<String, String> enclosing) {
    return PlaceholderContext.forThisJvm(null).withSysFirst(enclosing);
  }

  /** What this declaration's placeholders read: see {@link #placeholders(Map)}. */
  PlaceholderContext placeholders() {
    return placeholders(enclosing);
  }

  /** How {@link RunningEnvironments} (and so the Spring integration) finds it while it is up. */
  RunningEnvironments.Key key() {
    return new RunningEnvironments.Key(identity, owner);
  }

  /** How the ready and stopped lines name it: {@code 3f9a2c01d4e5 [db, api] of ApiIT}. */
  String describe() {
    return identity + " " + spec.ids() + " of " + testClass;
  }
}
