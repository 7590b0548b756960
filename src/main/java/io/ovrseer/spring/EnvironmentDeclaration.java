package io.ovrseer.spring;

import io.ovrseer.junit.AnnotationReader;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.PlaceholderContext;
import io.ovrseer.spec.ProcessSpec;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.annotation.RepeatableContainers;

/**
 * The Ovrseer environment a test class runs against, as its annotations declare it: the class that
 * declares it (the test class, a superclass, or for a {@code @Nested} class an enclosing class, as
 * the JUnit extension finds it), its scope, the identity of its declaration and its services.
 *
 * @param owner the class carrying {@code @OvrseerEnvironment}, whose environment the tests use
 * @param scope the environment's scope
 * @param identity the identity hash of the declaration, as the JUnit extension computes it ({@link
 *     EnvironmentSpec#identity})
 * @param services the services, in declaration order
 */
record EnvironmentDeclaration(
    Class<?> owner, Scope scope, String identity, List<Service> services) {

  EnvironmentDeclaration {
    services = List.copyOf(services);
  }

  /**
   * One declared service: its kind (null for a kind that Spring Boot has no table for) and id.
   *
   * @param kind the Spring Boot table of its kind, if there is one
   * @param kindName the model's name of its kind ({@code postgres})
   * @param id its id
   */
  record Service(ServiceKind kind, String kindName, String id) {
    Service(ServiceKind kind, String id) {
      this(kind, kind.kindName(), id);
    }

    /** How messages name its kind: {@code @PostgresService}, or the model's name. */
    String kindText() {
      return kind == null ? "service of kind " + kindName : kind.annotationName();
    }

    /** Whether Spring Boot has properties for its kind. */
    boolean hasBootProperties() {
      return kind != null && kind.hasBootProperties();
    }
  }

  /**
   * The environment {@code testClass} runs against, if it has one.
   *
   * @throws io.ovrseer.spec.SpecException if the declaration is wrong (the JUnit extension reports
   *     the same before Spring loads anything)
   */
  static Optional<EnvironmentDeclaration> of(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = enclosingOfNested(c)) {
      MergedAnnotation<OvrseerEnvironment> environment =
          annotationsOf(c).get(OvrseerEnvironment.class);
      if (environment.isPresent()) {
        return Optional.of(read(c, environment.synthesize().scope()));
      }
    }
    return Optional.empty();
  }

  /**
   * The enclosing class whose environment a {@code @Nested} (inner) class inherits, or null: a
   * static nested class runs on its own, as JUnit runs it.
   */
  static Class<?> enclosingOfNested(Class<?> c) {
    return c.isMemberClass() && !Modifier.isStatic(c.getModifiers()) ? c.getEnclosingClass() : null;
  }

  static MergedAnnotations annotationsOf(Class<?> c) {
    return MergedAnnotations.from(
        c, SearchStrategy.TYPE_HIERARCHY, RepeatableContainers.standardRepeatables());
  }

  /** Reads the declaration through the model, as the JUnit extension does. */
  private static EnvironmentDeclaration read(Class<?> owner, Scope scope) {
    EnvironmentSpec spec = AnnotationReader.read(owner);
    List<Service> services = new ArrayList<>();
    for (ProcessSpec process : spec.processes()) {
      if (process.launch() instanceof ProcessSpec.Launch.Service service) {
        String kind = service.kind().name();
        services.add(new Service(ServiceKind.ofName(kind).orElse(null), kind, process.id()));
      }
    }
    return new EnvironmentDeclaration(
        owner, scope, spec.identity(PlaceholderContext.forThisJvm(null)), services);
  }
}
