package io.brama.spring;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.GuardedMethod;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodClassKey;

/**
 * The {@link GuardedMethod} of each annotated bean method, resolved once through
 * {@link Brama#guard} (which validates it and registers its id) and cached. The Brama is looked up
 * on first use, so that the AOP infrastructure does not create it early.
 */
public final class GuardedMethods {
  private final ObjectProvider<Brama> brama;
  private final ConcurrentMap<MethodClassKey, Optional<GuardedMethod>> cache =
      new ConcurrentHashMap<>();

  /**
   * Resolves against the Brama bean that {@code brama} provides.
   *
   * @param brama provides the Brama bean
   */
  public GuardedMethods(ObjectProvider<Brama> brama) {
    this.brama = brama;
  }

  /**
   * The guard of {@code method} invoked on a {@code targetClass}, or null when no
   * {@link CircuitBreaker} applies.
   *
   * @param method the intercepted method
   * @param targetClass the class of the object it is invoked on
   * @return the guard, or null
   * @throws IllegalArgumentException naming the class, the method and what is wrong
   */
  public GuardedMethod get(Method method, Class<?> targetClass) {
    MethodClassKey key = new MethodClassKey(method, targetClass);
    Optional<GuardedMethod> guard = cache.get(key);
    if (guard == null) {
      guard = cache.computeIfAbsent(key, k -> resolve(method, targetClass));
    }
    return guard.orElse(null);
  }

  private Optional<GuardedMethod> resolve(Method method, Class<?> targetClass) {
    CircuitBreaker annotation = CircuitBreakerAnnotations.find(method, targetClass);
    if (annotation == null) {
      return Optional.empty();
    }
    Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
    return Optional.of(brama.getObject().guard(specific, annotation, targetClass));
  }
}
