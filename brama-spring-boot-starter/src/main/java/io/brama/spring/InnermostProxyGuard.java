package io.brama.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.aop.Advisor;
import org.springframework.aop.TargetSource;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts the {@code @CircuitBreaker} advisor on the innermost Spring AOP proxy of a bean that is
 * proxied more than once. A bean another post-processor wrapped in a JDK proxy of its own before
 * Spring's auto-proxy creator saw it reaches that creator as a {@code $Proxy} class: an annotation
 * on the implementation's method is invisible there, so the method went unguarded, and the
 * advisor, when an interface annotation matched, called the fallback on the inner proxy, which does
 * not have it. On the innermost proxy the advisor sees the bean's own class and object, and as it
 * is on one layer only, one call is one outcome. Runs after every ordered post-processor, as Spring
 * does its own {@code AbstractAdvisingBeanPostProcessor}s, so it sees the layers others made.
 */
final class InnermostProxyGuard implements BeanPostProcessor, BeanFactoryAware {
  private BeanFactory beanFactory;
  private volatile Advisor advisor;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
    if (!(bean instanceof Advised)) {
      return bean;
    }
    List<Advised> layers = layers(bean);
    Advised innermost = layers.get(layers.size() - 1);
    Class<?> targetClass = innermost.getTargetClass();
    Advisor guard = advisor();
    if (guard == null || targetClass == null || !AopUtils.canApply(guard, targetClass)) {
      return bean;
    }
    boolean guardedInside = innermost.indexOf(guard) >= 0;
    List<Advised> outer = layers.subList(0, layers.size() - 1);
    if (guardedInside && outer.stream().noneMatch(a -> a.indexOf(guard) >= 0)) {
      return bean; // the usual case: one proxy, Spring's, with the advisor
    }
    for (Advised layer : layers) {
      if (layer.isFrozen()) {
        throw new BeanInitializationException("bean '" + beanName + "': @CircuitBreaker on "
            + targetClass.getName() + " cannot be applied: the bean is proxied more than once and "
            + "a proxy is frozen, so the circuit breaker cannot go on the innermost proxy (the one "
            + "that sees " + targetClass.getSimpleName() + "); do not freeze the proxy, or wrap "
            + "the bean after Spring's auto-proxy creator has");
      }
    }
    for (Advised layer : outer) {
      layer.removeAdvisor(guard);
    }
    if (!guardedInside) {
      innermost.addAdvisor(guard);
    }
    return bean;
  }

  /** The proxies from the bean inwards, while each wraps one fixed object that is a proxy too. */
  static List<Advised> layers(Object bean) {
    List<Advised> layers = new ArrayList<>();
    Object current = bean;
    while (current instanceof Advised advised) {
      layers.add(advised);
      TargetSource source = advised.getTargetSource();
      if (!source.isStatic()) {
        break;
      }
      try {
        current = source.getTarget();
      } catch (Exception e) {
        break; // a static source that cannot give its target: this layer is the innermost we see
      }
    }
    return layers;
  }

  private Advisor advisor() {
    Advisor a = advisor;
    if (a == null && beanFactory.containsBean("bramaCircuitBreakerAdvisor")) {
      a = beanFactory.getBean("bramaCircuitBreakerAdvisor", Advisor.class);
      advisor = a;
    }
    return a;
  }
}
