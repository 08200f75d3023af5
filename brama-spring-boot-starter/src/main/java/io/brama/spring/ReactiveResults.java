package io.brama.spring;

import io.brama.Brama;
import io.brama.CircuitOpenException;
import io.brama.GuardedMethod;
import io.brama.reactor.BramaOperator;
import java.lang.reflect.Method;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.ObjectProvider;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Guards the {@code Mono} or {@code Flux} a {@code @CircuitBreaker} method returns with brama-reactor's
 * {@link BramaOperator}: the method runs when called (it builds the publisher), the permit is taken
 * when the publisher is subscribed, and a refused subscription gets the fallback's result. Loaded
 * only when brama-reactor is on the class path.
 */
final class ReactiveResults {
  private final ObjectProvider<Brama> brama;

  ReactiveResults(ObjectProvider<Brama> brama) {
    this.brama = brama;
  }

  /**
   * Refuses, naming the method, a publisher type the operator cannot return: only {@code Mono} and
   * the types a {@code Flux} is ({@code Flux}, {@code Publisher}, {@code CorePublisher}).
   */
  static void check(String where, Method method) {
    Class<?> type = method.getReturnType();
    if (type != Mono.class && !type.isAssignableFrom(Flux.class)) {
      throw new IllegalArgumentException(where + ": returns " + type.getName()
          + ", which brama-reactor cannot guard; return Mono, Flux or Publisher");
    }
  }

  /** The publisher the method builds, guarded; null when the method returned null. */
  Object guard(GuardedMethod guard, Object target, Object[] args,
      GuardedMethod.Invocation invocation) throws Throwable {
    Object built = invocation.proceed();
    if (built == null) {
      return null;
    }
    boolean mono = built instanceof Mono<?>;
    BramaOperator<Object> operator = BramaOperator.of(brama.getObject(), guard.id())
        .withErrorHandler(guard.errorHandler())
        .withFallback(rejection -> fallback(guard, target, args, rejection, mono));
    @SuppressWarnings("unchecked")
    Publisher<Object> source = (Publisher<Object>) built;
    return mono ? Mono.from(source).transformDeferred(operator)
        : Flux.from(source).transformDeferred(operator);
  }

  /**
   * The fallback's publisher, or its plain value as one ({@code null}: empty); without a fallback
   * (or when it throws) a publisher of the error, the rejection itself when there is none.
   */
  private static Publisher<Object> fallback(GuardedMethod guard, Object target, Object[] args,
      CircuitOpenException rejection, boolean mono) {
    Object value;
    try {
      value = guard.fallback(target, args, rejection);
    } catch (Throwable t) {
      return Mono.error(t);
    }
    if (value instanceof Publisher<?> publisher) {
      @SuppressWarnings("unchecked")
      Publisher<Object> p = (Publisher<Object>) publisher;
      return p;
    }
    return mono ? Mono.justOrEmpty(value) : value == null ? Flux.empty() : Flux.just(value);
  }
}
