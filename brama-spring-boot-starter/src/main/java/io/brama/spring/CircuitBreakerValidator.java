package io.brama.spring;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Resolves every {@code @CircuitBreaker} method of every bean once the singletons exist, so that a
 * bad annotation (an unknown fallback, a handler that cannot be built, a method Spring AOP cannot
 * intercept) fails start-up naming the bean and the method instead of the first call, and every id
 * is registered before traffic. Beans with guarded methods are made dependents of the Brama, so it
 * outlives them at shutdown.
 */
final class CircuitBreakerValidator implements SmartInitializingSingleton {
  private final ConfigurableListableBeanFactory beanFactory;
  private final GuardedMethods guards;

  CircuitBreakerValidator(ConfigurableListableBeanFactory beanFactory, GuardedMethods guards) {
    this.beanFactory = beanFactory;
    this.guards = guards;
  }

  @Override
  public void afterSingletonsInstantiated() {
    String[] bramas = beanFactory.getBeanNamesForType(Brama.class, false, false);
    for (String name : beanFactory.getBeanDefinitionNames()) {
      if (beanFactory.getBeanDefinition(name).getRole() == BeanDefinition.ROLE_INFRASTRUCTURE) {
        continue;
      }
      Class<?> type = targetClass(name);
      if (type == null || type.isInterface() || Modifier.isAbstract(type.getModifiers())
          || !AnnotationUtils.isCandidateClass(type, CircuitBreaker.class)) {
        continue; // an interface-typed lazy bean is checked at its first call, on its real class
      }
      boolean guarded = false;
      for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type,
          ReflectionUtils.USER_DECLARED_METHODS)) {
        try {
          refuseUninterceptable(method);
          guarded |= guards.get(method, type) != null;
        } catch (IllegalArgumentException e) {
          throw new BeanInitializationException("bean '" + name + "': " + e.getMessage(), e);
        }
      }
      if (guarded && bramas.length == 1) {
        beanFactory.registerDependentBean(bramas[0], name);
      }
    }
  }

  /** The class whose methods run: the singleton's own (behind any proxy), else the bean type. */
  private Class<?> targetClass(String name) {
    if (beanFactory.containsSingleton(name)) {
      Object bean = beanFactory.getSingleton(name);
      if (bean != null && !(bean instanceof org.springframework.beans.factory.FactoryBean<?>)) {
        return AopProxyUtils.ultimateTargetClass(bean);
      }
    }
    Class<?> type = beanFactory.getType(name, false);
    return type == null ? null : ClassUtils.getUserClass(type);
  }

  private static void refuseUninterceptable(Method m) {
    if (!AnnotatedElementUtils.hasAnnotation(m, CircuitBreaker.class)) {
      return;
    }
    int mods = m.getModifiers();
    if (Modifier.isStatic(mods) || Modifier.isPrivate(mods) || Modifier.isFinal(mods)) {
      throw new IllegalArgumentException("@CircuitBreaker on " + m.getDeclaringClass().getName()
          + "." + m.getName() + ": Spring AOP cannot intercept a "
          + (Modifier.isStatic(mods) ? "static" : Modifier.isPrivate(mods) ? "private" : "final")
          + " method; make it public and non-final, or call it through brama.call");
    }
  }
}
