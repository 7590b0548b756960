package io.ovrseer.junit;

import io.ovrseer.internal.RunningEnvironments;
import io.ovrseer.spec.EnvironmentSpec;
import java.nio.file.Path;

/**
 * An environment as one test class declares it, with what the extension adds to the model.
 *
 * @param spec the declaration
 * @param identity the stable hash of {@code spec}, which {@code Scope.GLOBAL} shares by
 * @param crashReports where crash reports are written
 * @param testClass the simple name of the declaring class, for the ready and stopped lines
 * @param owner the fully qualified name of the declaring class when the environment is its own
 *     (scope {@code CLASS} or {@code METHOD}); null when it is shared ({@code GLOBAL})
 */
record EnvironmentDeclaration(
    EnvironmentSpec spec, String identity, Path crashReports, String testClass, String owner) {

  /** How {@link RunningEnvironments} (and so the Spring integration) finds it while it is up. */
  RunningEnvironments.Key key() {
    return new RunningEnvironments.Key(identity, owner);
  }

  /** How the ready and stopped lines name it: {@code 3f9a2c01d4e5 [db, api] of ApiIT}. */
  String describe() {
    return identity + " " + spec.ids() + " of " + testClass;
  }
}
