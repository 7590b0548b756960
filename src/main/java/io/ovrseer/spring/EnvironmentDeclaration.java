package io.ovrseer.spring;

import io.ovrseer.junit.AnnotationReader;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.ProcessSpec;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.annotation.RepeatableContainers;

/**
 * The Ovrseer environment a test class runs against: the class that declares it (the test class, or
 * for a {@code @Nested} class an enclosing class, as the JUnit extension finds it), its scope, and
 * its declaration read by the environment model.
 *
 * @param owner the class carrying {@code @OvrseerEnvironment} (itself or on a superclass), whose
 *     environment the tests use
 * @param scope the environment's scope
 * @param spec the declaration, as the JUnit extension reads it
 */
record EnvironmentDeclaration(Class<?> owner, Scope scope, EnvironmentSpec spec) {

  /** One declared service: its kind's name ({@code postgres}) and its id. */
  record Service(String kind, String id) {}

  /** The environment {@code testClass} runs against, if it has one. */
  static Optional<EnvironmentDeclaration> of(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = enclosingOfNested(c)) {
      MergedAnnotation<OvrseerEnvironment> environment =
          annotationsOf(c).get(OvrseerEnvironment.class);
      if (environment.isPresent()) {
        return Optional.of(
            new EnvironmentDeclaration(
                c, environment.synthesize().scope(), AnnotationReader.read(c)));
      }
    }
    return Optional.empty();
  }

  /** The services, in declaration order. */
  List<Service> services() {
    return spec.processes().stream()
        .filter(p -> p.launch() instanceof ProcessSpec.Launch.Service)
        .map(p -> new Service(((ProcessSpec.Launch.Service) p.launch()).kind().name(), p.id()))
        .toList();
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
}
