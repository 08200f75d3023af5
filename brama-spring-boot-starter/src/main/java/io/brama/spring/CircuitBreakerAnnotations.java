package io.brama.spring;

import io.brama.CircuitBreaker;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Which {@link CircuitBreaker} applies to a method of a bean class: the method's own (searched on
 * the class, its superclasses and its interfaces), else, for a public method, one on the class or
 * any type it extends or implements. A class-level annotation's fallback method is not itself
 * guarded, and neither are {@code Object}'s methods.
 */
final class CircuitBreakerAnnotations {
  private CircuitBreakerAnnotations() {}

  /** The annotation that applies, or null. */
  static CircuitBreaker find(Method method, Class<?> targetClass) {
    Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
    if (Modifier.isStatic(specific.getModifiers()) || ReflectionUtils.isObjectMethod(specific)) {
      return null;
    }
    CircuitBreaker own = AnnotatedElementUtils.findMergedAnnotation(specific, CircuitBreaker.class);
    if (own != null || !Modifier.isPublic(specific.getModifiers())) {
      return own;
    }
    CircuitBreaker onType = AnnotatedElementUtils.findMergedAnnotation(targetClass,
        CircuitBreaker.class);
    if (onType == null || specific.getName().equals(onType.fallback())) {
      return null;
    }
    return onType;
  }
}
