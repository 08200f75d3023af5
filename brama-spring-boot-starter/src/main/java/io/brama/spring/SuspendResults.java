package io.brama.spring;

import io.brama.Brama;
import io.brama.CircuitOpenException;
import io.brama.GuardedMethod;
import io.brama.reactor.BramaOperator;
import java.util.Arrays;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.CoroutineContext;
import kotlinx.coroutines.Dispatchers;
import kotlinx.coroutines.Job;
import kotlinx.coroutines.TimeoutCancellationException;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.CoroutinesUtils;
import reactor.core.publisher.Mono;

/**
 * Guards a {@code @CircuitBreaker} {@code suspend fun} with the rules of brama-kotlin's
 * {@code callSuspend}. Spring's AOP hands the interceptor the call as a {@code Mono} (with
 * kotlinx-coroutines-reactor) and awaits the one returned; each subscription is one call through
 * brama-reactor's operator: the caller's cancellation cancels the subscription and records
 * nothing, a {@code TimeoutCancellationException} (a {@code withTimeout} inside the method) is a
 * failure whatever the rules or the annotation's error handler say ({@code failOn}), everything
 * else is classified by the handler or the connection's rules. A rejection, and only a rejection,
 * is answered by the fallback. Loaded only when brama-kotlin, brama-reactor and
 * kotlinx-coroutines-reactor are on the class path.
 */
final class SuspendResults {
  private final ObjectProvider<Brama> brama;

  SuspendResults(ObjectProvider<Brama> brama) {
    this.brama = brama;
  }

  /** The {@code Mono} that Spring awaits for the caller: the method's, guarded. */
  Object guard(GuardedMethod guard, SuspendFallback fallback, Object target, Object[] args,
      GuardedMethod.Invocation invocation) throws Throwable {
    Object built = invocation.proceed();
    if (!(built instanceof Mono<?>)) {
      throw new IllegalStateException(guard.id() + ": Spring called the suspend fun without "
          + "handing back a Mono (is kotlinx-coroutines-reactor visible to spring-aop?); it was "
          + (built == null ? "null" : built.getClass().getName()));
    }
    @SuppressWarnings("unchecked")
    Mono<Object> source = (Mono<Object>) built;
    Continuation<?> caller = (Continuation<?>) args[args.length - 1];
    // as Spring runs the method: the caller's context without its job, which the Mono replaces
    CoroutineContext context = Dispatchers.getUnconfined()
        .plus(caller.getContext().minusKey(Job.Key));
    Object[] params = Arrays.copyOf(args, args.length - 1);
    BramaOperator<Object> operator = BramaOperator.of(brama.getObject(), guard.id())
        .failOn(TimeoutCancellationException.class)
        .withErrorHandler(guard.errorHandler())
        .withFallback(rejection -> fallback(fallback, target, params, rejection, context));
    return source.transformDeferred(operator);
  }

  /**
   * The fallback's answer as a {@code Mono}: a suspend fun's run in the caller's context, a plain
   * method's value ({@code null}: empty); without a fallback, or when it throws, the error.
   */
  private static Mono<Object> fallback(SuspendFallback fallback, Object target, Object[] params,
      CircuitOpenException rejection, CoroutineContext context) {
    if (fallback.method() == null) {
      return Mono.error(rejection);
    }
    Object[] a = fallback.arguments(params, rejection);
    try {
      if (fallback.suspending()) {
        @SuppressWarnings("unchecked")
        Publisher<Object> answer = (Publisher<Object>) CoroutinesUtils.invokeSuspendingFunction(
            context, fallback.method(), target, a);
        return Mono.from(answer);
      }
      return Mono.justOrEmpty(fallback.invokePlain(target, a));
    } catch (Throwable t) {
      return Mono.error(t);
    }
  }
}
