package io.brama.spring;

import io.brama.Brama;
import io.brama.CircuitOpenException;
import io.brama.ErrorHandler;
import io.brama.GuardedMethod;
import io.brama.Outcome;
import io.brama.reactor.BramaOperator;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.CoroutineContext;
import kotlin.jvm.functions.Function1;
import kotlinx.coroutines.Dispatchers;
import kotlinx.coroutines.Job;
import kotlinx.coroutines.TimeoutCancellationException;
import kotlinx.coroutines.reactor.MonoKt;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.CoroutinesUtils;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;

/**
 * Guards a {@code @CircuitBreaker} {@code suspend fun} with the rules of brama-kotlin's
 * {@code callSuspend}. Spring's AOP hands the interceptor the call as a {@code Mono} (with
 * kotlinx-coroutines-reactor) and awaits the one returned; each subscription is one call. With the
 * connection's exception rules the {@code Mono} is awaited inside {@code callSuspend} itself; with
 * the annotation's error handler it goes through brama-reactor's operator, the handler seeing a
 * {@code TimeoutCancellationException} as the failure {@code callSuspend} would record. A rejection,
 * and only a rejection, is answered by the fallback. Loaded only when brama-kotlin, brama-reactor
 * and kotlinx-coroutines-reactor are on the class path.
 */
final class SuspendResults {
  private final ObjectProvider<Brama> brama;
  /**
   * brama-kotlin's {@code Brama.callSuspend(id, block)}, looked up by name: brama-kotlin's tests
   * use this starter, so it cannot depend on brama-kotlin at build time.
   */
  private final MethodHandle callSuspend;

  /**
   * @param classLoader where brama-kotlin is (the application's)
   * @throws IllegalStateException when brama-kotlin has no {@code Brama.callSuspend}
   */
  SuspendResults(ObjectProvider<Brama> brama, ClassLoader classLoader) {
    this.brama = brama;
    try {
      this.callSuspend = MethodHandles.publicLookup().findStatic(
          ClassUtils.forName("io.brama.kotlin.CallSuspendKt", classLoader), "callSuspend",
          MethodType.methodType(Object.class, Brama.class, String.class, Function1.class,
              Continuation.class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("brama-kotlin on the class path has no Brama.callSuspend "
          + "(a version other than brama-spring-boot-starter's?)", e);
    }
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
    Function<CircuitOpenException, Mono<Object>> onRejection =
        rejection -> fallback(fallback, target, params, rejection, context);
    ErrorHandler handler = guard.errorHandler();
    if (handler == ErrorHandler.defaults()) {
      return callSuspend(guard.id(), source, context, onRejection);
    }
    BramaOperator<Object> operator = BramaOperator.of(brama.getObject(), guard.id())
        .withErrorHandler(timeoutFails(handler))
        .withFallback(onRejection);
    return source.transformDeferred(operator);
  }

  /**
   * {@code source} awaited inside {@code callSuspend}, in a coroutine of its own per subscription: a
   * cancelled subscription is a cancelled caller. A {@code CircuitOpenException} before the source
   * was awaited is the rejection; after, it is the method's own.
   */
  private Mono<Object> callSuspend(String id, Mono<Object> source, CoroutineContext context,
      Function<CircuitOpenException, Mono<Object>> onRejection) {
    Brama b = brama.getObject();
    return Mono.defer(() -> {
      AtomicBoolean admitted = new AtomicBoolean();
      Function1<Continuation<? super Object>, Object> block = c -> {
        admitted.set(true);
        return MonoKt.awaitSingleOrNull(source, c);
      };
      // tail calls: each returns the suspend function's own result or COROUTINE_SUSPENDED
      return MonoKt.<Object>mono(context, (scope, c) -> callSuspend(b, id, block, c))
          .onErrorResume(CircuitOpenException.class,
              e -> admitted.get() ? Mono.error(e) : onRejection.apply(e));
    });
  }

  private Object callSuspend(Brama b, String id, Function1<Continuation<? super Object>, Object> block,
      Continuation<?> caller) {
    try {
      return (Object) callSuspend.invokeExact(b, id, block, caller);
    } catch (Throwable t) {
      throw SuspendResults.<RuntimeException>sneaky(t);
    }
  }

  /** Rethrows {@code t} as it is: callSuspend's exception is the caller's. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /** {@code handler}, but a timeout inside the method fails whatever it says, as in callSuspend. */
  private static ErrorHandler timeoutFails(ErrorHandler handler) {
    return (result, error) -> error instanceof TimeoutCancellationException
        ? Outcome.failure(error) : handler.classify(result, error);
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
