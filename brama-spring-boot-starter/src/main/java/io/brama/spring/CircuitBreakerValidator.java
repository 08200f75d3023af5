package io.brama.spring;

import io.brama.CircuitBreaker;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Resolves every {@code @CircuitBreaker} method of every bean once the singletons exist, so that a
 * bad annotation (an unknown fallback, a handler that cannot be built) fails start-up naming the
 * bean and the method instead of the first call, and every id is registered before traffic.
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
    for (String name : beanFactory.getBeanDefinitionNames()) {
      if (beanFactory.getBeanDefinition(name).getRole() == BeanDefinition.ROLE_INFRASTRUCTURE) {
        continue;
      }
      Class<?> type = beanFactory.getType(name, false);
      if (type == null || Proxy.isProxyClass(type)) {
        continue;
      }
      Class<?> userClass = ClassUtils.getUserClass(type);
      if (!AnnotationUtils.isCandidateClass(userClass, CircuitBreaker.class)) {
        continue;
      }
      for (Method method : ReflectionUtils.getUniqueDeclaredMethods(userClass,
          ReflectionUtils.USER_DECLARED_METHODS)) {
        try {
          guards.get(method, userClass);
        } catch (IllegalArgumentException e) {
          throw new BeanInitializationException("bean '" + name + "': " + e.getMessage(), e);
        }
      }
    }
  }
}
