package io.ovrseer.spring;

import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.spec.PlaceholderContext;

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
 * @param declaration the environment model's identity of the declaration
 * @param owner the class owning the environment for {@link Scope#CLASS}, else null
 */
record EnvironmentIdentity(String declaration, Class<?> owner) {

  /** The identity of {@code environment}, as the JUnit extension computes it. */
  static EnvironmentIdentity of(EnvironmentDeclaration environment) {
    return new EnvironmentIdentity(
        environment.spec().identity(PlaceholderContext.forThisJvm(null)),
        environment.scope() == Scope.GLOBAL ? null : environment.owner());
  }

  @Override
  public String toString() {
    return owner == null ? declaration : declaration + " of " + owner.getName();
  }
}
