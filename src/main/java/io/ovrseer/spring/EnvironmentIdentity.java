package io.ovrseer.spring;

import io.ovrseer.junit.OvrseerEnvironment.Scope;
import java.lang.annotation.Annotation;
import java.util.List;

/**
 * The identity of the environment a Spring context is wired to, and so the key of that context in
 * Spring's context cache: two test classes get the same cached context only if their identities are
 * equal (and the rest of their Spring configuration is).
 *
 * <ul>
 *   <li>{@link Scope#GLOBAL}: the declaration alone. Classes that declare the identical environment
 *       share it, and with it one context.
 *   <li>{@link Scope#CLASS}: the declaration and the class that declares it. Each class has its own
 *       environment with its own ports, so it never reuses a context wired to another class's
 *       (stopped) environment; its {@code @Nested} classes share its context.
 * </ul>
 *
 * @param declaration what identifies the declared environment
 * @param owner the class owning the environment for {@link Scope#CLASS}, else null
 */
record EnvironmentIdentity(Object declaration, Class<?> owner) {

  /**
   * The identity of {@code environment}.
   *
   * <p>SEAM: until the environment model's identity hash is merged, the declaration is identified
   * by its annotations, compared by value (the JUnit extension shares a {@code GLOBAL} environment
   * between classes whose annotations read to the same processes and settings). Repoint this one
   * method to the model's identity.
   */
  static EnvironmentIdentity of(EnvironmentDeclaration environment) {
    List<Annotation> declaration = environment.annotations();
    return new EnvironmentIdentity(
        declaration, environment.scope() == Scope.GLOBAL ? null : environment.owner());
  }

  @Override
  public String toString() {
    return owner == null ? "GLOBAL " + declaration : owner.getName() + " " + declaration;
  }
}
