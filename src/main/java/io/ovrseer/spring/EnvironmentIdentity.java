package io.ovrseer.spring;

import io.ovrseer.internal.RunningEnvironments;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.spec.PlaceholderContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The identity of the environment a Spring context is wired to, and so the key of that context in
 * Spring's context cache: two test classes get the same cached context only if their identities are
 * equal (and the rest of their Spring configuration is).
 *
 * <ul>
 *   <li>{@link Scope#GLOBAL}: the declaration's identity, by which the JUnit extension shares one
 *       environment between classes. Classes that declare the identical environment share it, and
 *       with it one context.
 *   <li>{@link Scope#CLASS}: the declaration's identity and the class that declares it. Each class
 *       has its own environment with its own ports, so it never reuses a context wired to another
 *       class's (stopped) environment; its {@code @Nested} classes share its context.
 * </ul>
 *
 * <p>A {@code @Nested} class's declaration is read as the JUnit extension reads it: its {@code
 * ${sys:...}} placeholders take the properties of the enclosing classes' running environments
 * first.
 *
 * @param declaration the environment model's identity of the declaration
 * @param owner the class owning the environment for {@link Scope#CLASS}, else null
 */
record EnvironmentIdentity(String declaration, Class<?> owner) {

  /**
   * The identity of {@code environment}, as the JUnit extension computes it while the environments
   * of the classes enclosing its owner are up.
   */
  static EnvironmentIdentity of(EnvironmentDeclaration environment) {
    PlaceholderContext placeholders =
        PlaceholderContext.forThisJvm(null).withSysFirst(enclosing(environment.owner()));
    return new EnvironmentIdentity(
        environment.spec().identity(placeholders),
        environment.scope() == Scope.GLOBAL ? null : environment.owner());
  }

  /**
   * What the running environments of the classes enclosing {@code owner} publish, the nearest one's
   * value for each. The JVM-wide system property holds the value of whichever environment published
   * it last, another test class's when classes run in parallel, so the identity worked out with it
   * would name no running environment, or another class's. A {@code METHOD} environment runs inside
   * its tests only, never around a {@code @Nested} class.
   */
  static Map<String, String> enclosing(Class<?> owner) {
    Map<String, String> properties = new HashMap<>();
    Class<?> c = EnvironmentDeclaration.enclosingOfNested(owner);
    while (c != null) {
      Optional<EnvironmentDeclaration> outer = EnvironmentDeclaration.of(c);
      if (outer.isEmpty()) {
        break;
      }
      if (outer.get().scope() != Scope.METHOD) {
        RunningEnvironments.of(of(outer.get()).key())
            .ifPresent(published -> published.forEach(properties::putIfAbsent));
      }
      c = EnvironmentDeclaration.enclosingOfNested(outer.get().owner());
    }
    return properties;
  }

  /** How the JUnit extension records the running environment of this identity. */
  RunningEnvironments.Key key() {
    return new RunningEnvironments.Key(declaration, owner == null ? null : owner.getName());
  }

  @Override
  public String toString() {
    return owner == null ? declaration : declaration + " of " + owner.getName();
  }
}
