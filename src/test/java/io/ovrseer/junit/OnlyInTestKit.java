package io.ovrseer.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a fixture test class that only runs inside {@link TestKit#run}: anywhere else (surefire, an
 * IDE running everything) it is disabled, so its deliberate failures never count.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(OnlyInTestKit.Condition.class)
public @interface OnlyInTestKit {

  /** The configuration parameter {@link TestKit} sets. */
  String PARAMETER = "ovrseer.test.fixtures.enabled";

  /** Enables the class only when {@link #PARAMETER} is {@code true}. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(PARAMETER).map(Boolean::parseBoolean).orElse(false)
          ? ConditionEvaluationResult.enabled("run by TestKit")
          : ConditionEvaluationResult.disabled("fixture: runs only through TestKit");
    }
  }
}
