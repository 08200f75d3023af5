package io.brama.spring;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.FactoryBean;
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
 * is registered before traffic; and so that a bean that would not be guarded (created before the
 * auto-proxy creator, or a JDK proxy whose interfaces do not declare an annotated method) fails it
 * too, instead of silently calling through. Beans with guarded methods are made dependents of the
 * Brama, so it outlives them at shutdown.
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
      Object bean = beanFactory.containsSingleton(name) ? beanFactory.getSingleton(name) : null;
      bean = bean instanceof FactoryBean<?> ? null : bean; // its product is checked at first call
      boolean guarded = false;
      for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type,
          ReflectionUtils.USER_DECLARED_METHODS)) {
        try {
          refuseUninterceptable(method);
          boolean guardedMethod = guards.get(method, type) != null;
          if (guardedMethod && bean != null && Proxy.isProxyClass(bean.getClass())) {
            refuseUnreachable(method, bean.getClass());
          }
          guarded |= guardedMethod;
        } catch (IllegalArgumentException e) {
          throw new BeanInitializationException("bean '" + name + "': " + e.getMessage(), e);
        }
      }
      if (guarded && bean != null && !advised(bean)) {
        throw new BeanInitializationException("bean '" + name + "': " + type.getName()
            + " has @CircuitBreaker methods, but the bean is not proxied with Brama's advisor, so "
            + "no call would be guarded: it was created before Spring's auto-proxy creator (a "
            + "post-processor or configuration that needs it early), or AOP is off "
            + "(spring.aop.auto=false)");
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
      if (bean != null && !(bean instanceof FactoryBean<?>)) {
        return AopProxyUtils.ultimateTargetClass(bean);
      }
    }
    Class<?> type = beanFactory.getType(name, false);
    return type == null ? null : ClassUtils.getUserClass(type);
  }

  /** Whether a proxy layer of {@code bean} has the {@code @CircuitBreaker} advice. */
  private static boolean advised(Object bean) {
    return InnermostProxyGuard.layers(bean).stream().anyMatch(layer -> Arrays.stream(
        layer.getAdvisors()).anyMatch(a -> a.getAdvice() instanceof CircuitBreakerInterceptor));
  }

  /**
   * A method annotated itself (not through its class) must be callable through the bean's JDK
   * proxy: one that none of the proxy's interfaces declares is reachable only from inside the bean.
   */
  private static void refuseUnreachable(Method m, Class<?> proxyClass) {
    if (!AnnotatedElementUtils.hasAnnotation(m, CircuitBreaker.class)) {
      return;
    }
    for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(proxyClass)) {
      if (ReflectionUtils.findMethod(type, m.getName(), m.getParameterTypes()) != null) {
        return;
      }
    }
    throw new IllegalArgumentException("@CircuitBreaker on " + m.getDeclaringClass().getName()
        + "." + m.getName() + ": the bean is a JDK dynamic proxy of "
        + Arrays.toString(proxyClass.getInterfaces()) + ", none of which declares the method, so "
        + "no caller can reach it through the proxy and it would never be guarded; declare it on "
        + "an interface, or proxy the class (spring.aop.proxy-target-class=true)");
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
