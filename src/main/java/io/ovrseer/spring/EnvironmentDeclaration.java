package io.ovrseer.spring;

import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.annotation.RepeatableContainers;

/**
 * The Ovrseer environment a test class runs against, as its annotations declare it: the class that
 * declares it (the test class, a superclass, or for a {@code @Nested} class an enclosing class, as
 * the JUnit extension finds it), its scope, its annotations and its services.
 *
 * @param owner the class carrying {@code @OvrseerEnvironment}, whose environment the tests use
 * @param scope the environment's scope
 * @param annotations the annotations of {@code io.ovrseer.junit} on {@code owner} (environment,
 *     processes, services), grouped by type, in declaration order within a type
 * @param services the services, in declaration order
 */
record EnvironmentDeclaration(
    Class<?> owner, Scope scope, List<Annotation> annotations, List<Service> services) {

  private static final String JUNIT_PACKAGE = OvrseerEnvironment.class.getPackageName();

  EnvironmentDeclaration {
    annotations = List.copyOf(annotations);
    services = List.copyOf(services);
  }

  /** One declared service: its kind and id. */
  record Service(ServiceKind kind, String id) {}

  /** The environment {@code testClass} runs against, if it has one. */
  static Optional<EnvironmentDeclaration> of(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = enclosingOfNested(c)) {
      MergedAnnotations found = annotationsOf(c);
      MergedAnnotation<OvrseerEnvironment> environment = found.get(OvrseerEnvironment.class);
      if (environment.isPresent()) {
        return Optional.of(read(c, environment.synthesize().scope(), found));
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

  private static EnvironmentDeclaration read(Class<?> owner, Scope scope, MergedAnnotations all) {
    List<Annotation> annotations = new ArrayList<>();
    List<Service> services = new ArrayList<>();
    all.stream()
        .filter(a -> a.getType().getPackageName().equals(JUNIT_PACKAGE))
        .forEach(
            a -> {
              annotations.add(a.synthesize());
              ServiceKind.ofAnnotation(a.getType().getName())
                  .ifPresent(kind -> services.add(new Service(kind, a.getString("id"))));
            });
    // Grouped by type as the extension reads them: the order between types does not matter.
    annotations.sort(Comparator.comparing(a -> a.annotationType().getName()));
    return new EnvironmentDeclaration(owner, scope, annotations, services);
  }
}
