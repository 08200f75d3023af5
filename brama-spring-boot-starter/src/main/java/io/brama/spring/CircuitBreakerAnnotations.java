package io.brama.spring;

import io.brama.CircuitBreaker;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Which {@link CircuitBreaker} applies to a method of a bean class, as {@code Brama.decorate} decides
 * for interfaces: the method's own (searched on the class, its superclasses and its interfaces);
 * else one on the class that declares the method, for its public methods (but not the annotation's
 * fallback, nor methods Spring calls on the bean, such as {@code Aware} setters, lifecycle and
 * listener methods); else one on an interface whose abstract method it implements. {@code Object}'s
 * and static methods are never guarded.
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
    if (own != null || !Modifier.isPublic(specific.getModifiers()) || calledBySpring(specific)) {
      return own;
    }
    CircuitBreaker onClass = AnnotationUtils.getAnnotation(specific.getDeclaringClass(),
        CircuitBreaker.class);
    if (onClass != null) {
      return specific.getName().equals(onClass.fallback()) ? null : onClass;
    }
    for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(targetClass)) {
      CircuitBreaker onInterface = AnnotationUtils.getAnnotation(type, CircuitBreaker.class);
      if (onInterface != null && declaresAbstract(type, specific)) {
        return onInterface;
      }
    }
    return null;
  }

  /** Whether {@code type} declares {@code m}'s signature as an abstract method. */
  private static boolean declaresAbstract(Class<?> type, Method m) {
    return Arrays.stream(type.getDeclaredMethods()).anyMatch(d -> !d.isDefault()
        && !Modifier.isStatic(d.getModifiers()) && d.getName().equals(m.getName())
        && Arrays.equals(d.getParameterTypes(), m.getParameterTypes()));
  }

  /**
   * Implements a method of a Spring interface ({@code setApplicationContext}, {@code stop}) or of
   * {@code AutoCloseable}, or listens to events: Spring, not a caller, invokes it.
   */
  private static boolean calledBySpring(Method m) {
    for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(m.getDeclaringClass())) {
      if ((type.getName().startsWith("org.springframework.") || type == AutoCloseable.class
          || type == java.io.Closeable.class)
          && ReflectionUtils.findMethod(type, m.getName(), m.getParameterTypes()) != null) {
        return true;
      }
    }
    return AnnotatedElementUtils.hasAnnotation(m, org.springframework.context.event
        .EventListener.class);
  }
}
