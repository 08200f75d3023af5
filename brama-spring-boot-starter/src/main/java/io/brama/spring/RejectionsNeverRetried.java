package io.brama.spring;

import io.brama.CircuitOpenException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.Advisor;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.core.MethodClassKey;
import org.springframework.core.Ordered;
import org.springframework.resilience.retry.AbstractRetryInterceptor;
import org.springframework.resilience.retry.MethodRetrySpec;

/**
 * Makes sure Spring's {@code @Retryable} never retries a {@link CircuitOpenException}, whatever its
 * {@code includes}, {@code excludes} or predicate say: retrying a refusal would only ask the gate
 * again, and with the circuit ordered inside the retries (or a guarded call nested in a retried
 * method) it would turn one refused call into a burst of them. Runs after Spring's
 * {@code RetryAnnotationBeanPostProcessor} (it has no order, so after every ordered post-processor)
 * and swaps each retry advice of a proxy for one that adds {@code CircuitOpenException} (also as a
 * cause) to the method's excludes. Spring puts its retries outermost (outside {@code @Transactional}
 * and the circuit alike); the swapped advice goes right inside the {@code @CircuitBreaker} advice
 * when the proxy has one, so the circuit sees one outcome per logical call and an open circuit
 * stops the call before any attempt, while each attempt still gets its own transaction.
 */
final class RejectionsNeverRetried implements BeanPostProcessor, ApplicationEventPublisherAware {
  private ApplicationEventPublisher events;

  @Override
  public void setApplicationEventPublisher(ApplicationEventPublisher events) {
    this.events = events;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof Advised advised) || advised.isFrozen()) {
      return bean;
    }
    for (Advisor advisor : advised.getAdvisors()) {
      if (advisor instanceof PointcutAdvisor pointcut
          && advisor.getAdvice() instanceof AbstractRetryInterceptor retry
          && !(retry instanceof WithoutRejections)) {
        WithoutRejections advice = new WithoutRejections(retry);
        if (events != null) {
          advice.setApplicationEventPublisher(events);
        }
        DefaultPointcutAdvisor replacement =
            new DefaultPointcutAdvisor(pointcut.getPointcut(), advice);
        if (advisor instanceof Ordered ordered) {
          replacement.setOrder(ordered.getOrder());
        }
        int at = advised.indexOf(advisor);
        advised.removeAdvisor(advisor);
        int circuit = circuitIndex(advised);
        // Spring puts its retries outermost; inside the circuit, one logical call is one outcome
        advised.addAdvisor(circuit >= 0 ? circuit + 1 : at, replacement);
      }
    }
    return bean;
  }

  /** Where the {@code @CircuitBreaker} advice is in the proxy's chain, or -1. */
  private static int circuitIndex(Advised advised) {
    Advisor[] advisors = advised.getAdvisors();
    for (int i = 0; i < advisors.length; i++) {
      if (advisors[i].getAdvice() instanceof CircuitBreakerInterceptor) {
        return i;
      }
    }
    return -1;
  }

  /** A retry advice with Spring's own spec for each method, {@code CircuitOpenException} excluded. */
  static final class WithoutRejections extends AbstractRetryInterceptor {
    private static final Method SPEC = specMethod();
    private final AbstractRetryInterceptor original;
    private final Map<MethodClassKey, MethodRetrySpec> specs = new ConcurrentHashMap<>();

    WithoutRejections(AbstractRetryInterceptor original) {
      this.original = original;
    }

    private static Method specMethod() {
      try {
        Method m = AbstractRetryInterceptor.class.getDeclaredMethod("getRetrySpec",
            Method.class, Class.class);
        m.setAccessible(true); // protected: the original is another subclass's instance
        return m;
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalStateException("Spring's AbstractRetryInterceptor has no "
            + "getRetrySpec(Method, Class) (a Spring Framework this starter does not know?)", e);
      }
    }

    @Override
    protected MethodRetrySpec getRetrySpec(Method method, Class<?> targetClass) {
      MethodClassKey key = new MethodClassKey(method, targetClass);
      MethodRetrySpec spec = specs.get(key);
      if (spec == null) {
        MethodRetrySpec given = originalSpec(method, targetClass);
        if (given == null) {
          return null;
        }
        spec = specs.computeIfAbsent(key, k -> withoutRejections(given));
      }
      return spec;
    }

    private MethodRetrySpec originalSpec(Method method, Class<?> targetClass) {
      try {
        return (MethodRetrySpec) SPEC.invoke(original, method, targetClass);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }

    private static MethodRetrySpec withoutRejections(MethodRetrySpec spec) {
      List<Class<? extends Throwable>> excludes = new ArrayList<>(spec.excludes());
      excludes.add(CircuitOpenException.class);
      return new MethodRetrySpec(spec.includes(), excludes, spec.predicate(), spec.maxRetries(),
          spec.timeout(), spec.delay(), spec.jitter(), spec.multiplier(), spec.maxDelay());
    }
  }
}
