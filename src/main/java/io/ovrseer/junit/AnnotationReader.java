package io.ovrseer.junit;

import io.ovrseer.spec.ConfigNode;
import io.ovrseer.spec.Declaration;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.Problems;
import io.ovrseer.spec.ProcessGroup;
import io.ovrseer.spec.SpecException;
import io.ovrseer.spec.SpecReader;
import java.lang.annotation.Annotation;
import java.lang.annotation.Repeatable;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The annotation front end of the environment model: reads {@link
 * OvrseerEnvironment @OvrseerEnvironment}, {@link SetupProcess @SetupProcess}, {@link
 * Dependency @Dependency}, {@link MainProcess @MainProcess}, {@link CleanupProcess @CleanupProcess}
 * and the service annotations ({@link OvrseerService @OvrseerService}) of a test class into an
 * {@link EnvironmentSpec}. Each attribute that is not at its default becomes the key of the same
 * name, so the rules and messages are those of a YAML file; a problem is located as
 * {@code @Dependency(id="db").ready.timeout}.
 *
 * <p>Used by {@link OvrseerExtension} and by {@code ovrseer up --class}; plain reflection only, so
 * that the command line reads annotations without JUnit on its class path. Annotations are found on
 * the class and its superclasses (superclasses first), inside their repeatable containers, and on
 * composed annotations.
 */
public final class AnnotationReader {
  private static final Map<Class<? extends Annotation>, ProcessGroup> GROUPS =
      Map.of(
          SetupProcess.class, ProcessGroup.SETUP,
          Dependency.class, ProcessGroup.DEPENDENCY,
          MainProcess.class, ProcessGroup.MAIN,
          CleanupProcess.class, ProcessGroup.CLEANUP);
  private static final String SETTINGS_LABEL = "@OvrseerEnvironment";

  private final Class<?> testClass;
  private final List<Declaration> declarations = new ArrayList<>();
  private OvrseerEnvironment environment;

  private AnnotationReader(Class<?> testClass) {
    this.testClass = testClass;
  }

  /**
   * The annotations of {@code testClass}, found in one pass over it and what it extends: the
   * extension asks for its {@code @OvrseerEnvironment} first, then for its environment, and a
   * second pass (annotations not parsed or compiled yet, in a class run once per suite) cost it up
   * to a millisecond.
   */
  static AnnotationReader of(Class<?> testClass) {
    AnnotationReader reader = new AnnotationReader(testClass);
    for (Class<?> c : topDown(testClass, new LinkedHashSet<>())) {
      reader.scan(c.getDeclaredAnnotations(), new HashSet<>());
    }
    return reader;
  }

  /** The {@code @OvrseerEnvironment} of the test class or its nearest superclass, if any. */
  Optional<OvrseerEnvironment> environment() {
    return Optional.ofNullable(environment);
  }

  /** Whether the test class declares processes (it then needs {@code @OvrseerEnvironment}). */
  boolean declaresProcesses() {
    return !declarations.isEmpty();
  }

  /**
   * The environment {@code testClass} declares, checked.
   *
   * @throws SpecException listing every problem, each located by annotation and attribute
   */
  public static EnvironmentSpec read(Class<?> testClass) {
    return of(testClass).spec();
  }

  /**
   * The environment the test class declares, checked, as {@link #read} gives it.
   *
   * @throws SpecException listing every problem, each located by annotation and attribute
   */
  EnvironmentSpec spec() {
    ConfigNode settings =
        environment == null
            ? ConfigNode.map("", Map.of())
            : node(environment, Set.of("failOnCrash", "scope"));
    List<Declaration> ordered = new ArrayList<>(declarations);
    ordered.sort(Comparator.comparing(Declaration::group));
    return SpecReader.read(
        testClass.getName(), SETTINGS_LABEL, settings, List.of(), ordered, new Problems());
  }

  /**
   * {@code type} and what it extends and implements, farthest first, each once: a superclass before
   * its subclass, an interface before the class that implements it (JUnit finds {@code @ExtendWith}
   * on test interfaces too, and Spring finds the environment there).
   */
  private static Set<Class<?>> topDown(Class<?> type, Set<Class<?>> order) {
    if (type == null || type == Object.class || order.contains(type)) {
      return order;
    }
    topDown(type.getSuperclass(), order);
    for (Class<?> implemented : type.getInterfaces()) {
      topDown(implemented, order);
    }
    order.add(type);
    return order;
  }

  private void scan(Annotation[] annotations, Set<Class<?>> seen) {
    for (Annotation annotation : annotations) {
      Class<? extends Annotation> type = annotation.annotationType();
      ProcessGroup group = GROUPS.get(type);
      if (annotation instanceof OvrseerEnvironment declared) {
        environment = declared; // the nearest class's, as scanning goes from the top down
      } else if (group != null) {
        add(group, annotation, null);
      } else if (type.isAnnotationPresent(OvrseerService.class)) {
        add(ProcessGroup.DEPENDENCY, annotation, type.getAnnotation(OvrseerService.class).value());
      } else if (isContainer(type)) {
        scan((Annotation[]) attribute(annotation, value(type)), seen);
      } else if (!type.getName().startsWith("java.")
          && !type.getName().startsWith("org.junit.")
          && seen.add(type)) {
        scan(type.getDeclaredAnnotations(), seen);
      }
    }
  }

  private void add(ProcessGroup group, Annotation annotation, String service) {
    String id = String.valueOf(attribute(annotation, method(annotation.annotationType(), "id")));
    String label = "@" + annotation.annotationType().getSimpleName() + "(id=\"" + id + "\")";
    ConfigNode node = node(annotation, Set.of("id"));
    if (service != null) {
      Map<String, ConfigNode> entries = new LinkedHashMap<>();
      entries.put("service", ConfigNode.scalar("", service));
      entries.putAll(node.entries());
      node = ConfigNode.map("", entries);
    }
    declarations.add(new Declaration(group, id, label, "", node));
  }

  /** A map of the attributes of {@code annotation} that are not at their default. */
  private static ConfigNode node(Annotation annotation, Set<String> skipped) {
    Map<String, ConfigNode> entries = new LinkedHashMap<>();
    Method[] methods = annotation.annotationType().getDeclaredMethods();
    Arrays.sort(methods, Comparator.comparing(Method::getName));
    for (Method m : methods) {
      if (m.getParameterCount() > 0 || m.isSynthetic() || skipped.contains(m.getName())) {
        continue;
      }
      Object value = attribute(annotation, m);
      if (!Objects.deepEquals(value, m.getDefaultValue())) {
        entries.put(m.getName(), toNode(value));
      }
    }
    return ConfigNode.map("", entries);
  }

  private static ConfigNode toNode(Object value) {
    if (value instanceof Annotation nested) {
      return node(nested, Set.of());
    }
    if (value.getClass().isArray()) {
      List<ConfigNode> items = new ArrayList<>();
      for (int i = 0; i < Array.getLength(value); i++) {
        items.add(toNode(Array.get(value, i)));
      }
      return ConfigNode.list("", items);
    }
    return ConfigNode.scalar("", value instanceof Enum<?> e ? e.name() : String.valueOf(value));
  }

  /** Whether {@code type} is the container of a repeatable annotation. */
  private static boolean isContainer(Class<? extends Annotation> type) {
    Method value = value(type);
    if (value == null || !value.getReturnType().isArray()) {
      return false;
    }
    Repeatable repeatable =
        value.getReturnType().getComponentType().getAnnotation(Repeatable.class);
    return repeatable != null && repeatable.value() == type;
  }

  private static Method value(Class<? extends Annotation> type) {
    return method(type, "value");
  }

  private static Method method(Class<? extends Annotation> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static Object attribute(Annotation annotation, Method method) {
    if (method == null) {
      throw new SpecException(
          "@" + annotation.annotationType().getSimpleName(), "has no [id] attribute");
    }
    try {
      method.setAccessible(true);
      return method.invoke(annotation);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(
          "cannot read @" + annotation.annotationType().getSimpleName() + "." + method.getName(),
          e);
    }
  }
}
