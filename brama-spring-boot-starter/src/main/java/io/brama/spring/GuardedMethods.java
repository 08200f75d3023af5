package io.brama.spring;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.GuardedMethod;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * The {@link GuardedMethod} of each annotated bean method, resolved once through
 * {@link Brama#guard} (which validates it and registers its id) and cached. The Brama is looked up
 * on first use, so that the AOP infrastructure does not create it early. A method returning a
 * {@code Mono} or {@code Flux} is guarded with brama-reactor when it is on the class path, and
 * refused otherwise; a Kotlin {@code suspend fun} with the rules of brama-kotlin's
 * {@code callSuspend} when brama-kotlin, brama-reactor, kotlinx-coroutines-reactor and
 * kotlin-reflect are, and refused otherwise.
 */
public final class GuardedMethods {
  private static final System.Logger LOG = System.getLogger("io.brama.spring");
  private static final String OPERATOR = "io.brama.reactor.BramaOperator";
  /** What guarding a suspend fun needs, by the class that shows each library is there. */
  private static final Map<String, String> SUSPEND_LIBRARIES = Map.of(
      "io.brama.kotlin.CallSuspendKt", "io.brama:brama-kotlin",
      OPERATOR, "io.brama:brama-reactor",
      "kotlinx.coroutines.reactor.MonoKt", "org.jetbrains.kotlinx:kotlinx-coroutines-reactor",
      "kotlin.reflect.full.KClasses", "org.jetbrains.kotlin:kotlin-reflect");
  private final ObjectProvider<Brama> brama;
  /** Null when brama-reactor is not on the class path. */
  private final ReactiveResults reactive;
  /** Null when a library that {@link #SUSPEND_LIBRARIES} names is missing. */
  private final SuspendResults suspending;
  /** What is missing for suspend funs, in a start-up message; empty when nothing is. */
  private final String missingForSuspend;
  /** The fallback of each guarded suspend fun, by its guard (identity: one guard per method). */
  private final Map<GuardedMethod, SuspendFallback> suspendFallbacks = new ConcurrentHashMap<>();
  private final ConcurrentMap<MethodClassKey, Optional<GuardedMethod>> cache =
      new ConcurrentHashMap<>();
  /** Each plain guard's method, for a message (identity: one guard per method and class). */
  private final Map<GuardedMethod, String> places = new ConcurrentHashMap<>();
  /** The Brama the guards were resolved with, asked whether it closed when a call fails early. */
  private volatile Brama resolvedWith;
  private final AtomicBoolean loggedClosed = new AtomicBoolean();

  /**
   * Resolves against the Brama bean that {@code brama} provides, guarding reactive results when
   * brama-reactor is visible to this class's loader.
   *
   * @param brama provides the Brama bean
   */
  public GuardedMethods(ObjectProvider<Brama> brama) {
    this(brama, GuardedMethods.class.getClassLoader());
  }

  /**
   * Resolves against the Brama bean that {@code brama} provides, guarding reactive results when
   * brama-reactor is visible to {@code classLoader} (the application's).
   *
   * @param brama provides the Brama bean
   * @param classLoader where to look for brama-reactor; null for this class's loader
   */
  public GuardedMethods(ObjectProvider<Brama> brama, ClassLoader classLoader) {
    this.brama = brama;
    this.reactive = ClassUtils.isPresent(OPERATOR, classLoader) ? new ReactiveResults(brama) : null;
    this.missingForSuspend = SUSPEND_LIBRARIES.entrySet().stream()
        .filter(e -> !ClassUtils.isPresent(e.getKey(), classLoader)).map(Map.Entry::getValue)
        .sorted().collect(Collectors.joining(", "));
    this.suspending = missingForSuspend.isEmpty() ? new SuspendResults(brama) : null;
  }

  /**
   * Runs one invocation of a guarded method: through {@link GuardedMethod#invoke}, or, for a
   * method returning a publisher, by guarding the publisher it builds, or, for a Kotlin
   * {@code suspend fun}, by guarding the {@code Mono} Spring hands for it.
   *
   * @param guard the method's guard, from {@link #get}
   * @param target the object the method is invoked on
   * @param args the invocation's arguments
   * @param invocation proceeds with the method
   * @return the method's result, guarded
   * @throws Throwable what the method or its fallback throws
   */
  public Object invoke(GuardedMethod guard, Object target, Object[] args,
      GuardedMethod.Invocation invocation) throws Throwable {
    if (guard.returnsPublisher()) {
      return reactive.guard(guard, target, args, invocation);
    }
    SuspendFallback fallback = suspendFallbacks.get(guard);
    if (fallback != null) {
      return suspending.guard(guard, fallback, target, args, invocation);
    }
    Proceeding proceeding = new Proceeding(invocation);
    try {
      return guard.invoke(target, args, proceeding);
    } catch (IllegalStateException e) {
      if (proceeding.started || !closed(guard)) {
        throw e; // the method's own, or its fallback's
      }
      throw refusedAfterClose(guard, e);
    }
  }

  /** Whether the Brama that resolved {@code guard} is closed (it then answers nothing). */
  private boolean closed(GuardedMethod guard) {
    Brama b = resolvedWith;
    if (b == null) {
      return false;
    }
    try {
      b.isRegistered(guard.id());
      return false;
    } catch (IllegalStateException closed) {
      return true;
    }
  }

  /**
   * A call after the Brama closed (its context closed, or is closing, while a caller still holds
   * the bean): refused before the method runs, with an exception that says so; logged once.
   */
  private IllegalStateException refusedAfterClose(GuardedMethod guard, IllegalStateException e) {
    String where = "@CircuitBreaker on " + places.getOrDefault(guard, "'" + guard.id() + "'");
    if (loggedClosed.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, "calls to @CircuitBreaker methods after the Brama "
          + "closed are refused with IllegalStateException, the method not called; the first: "
          + where);
    }
    return new IllegalStateException(where + ": the Brama is closed (its application context "
        + "was closed, or is closing), so the method was not called", e);
  }

  /** The invocation, and whether the gate let it start. */
  private static final class Proceeding implements GuardedMethod.Invocation {
    private final GuardedMethod.Invocation invocation;
    boolean started;

    Proceeding(GuardedMethod.Invocation invocation) {
      this.invocation = invocation;
    }

    @Override
    public Object proceed() throws Throwable {
      started = true;
      return invocation.proceed();
    }
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
    if (KotlinDetector.isSuspendingFunction(specific)) {
      return Optional.of(resolveSuspending(specific, annotation, targetClass));
    }
    Brama b = brama.getObject();
    resolvedWith = b;
    GuardedMethod guard = b.guard(specific, annotation, targetClass);
    String place = targetClass.getName() + "." + specific.getName() + "(" + Arrays.stream(
        specific.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
        + ")";
    places.put(guard, place);
    if (guard.returnsPublisher()) {
      String where = "@CircuitBreaker on " + place;
      if (reactive == null) {
        throw new IllegalArgumentException(where + ": returns " + specific.getReturnType()
            .getName() + ", a Reactive Streams Publisher, which is not supported without "
            + "brama-reactor: its outcome would be recorded when the publisher is built, not when "
            + "it completes; add the dependency io.brama:brama-reactor to guard it with "
            + "brama-reactor");
      }
      ReactiveResults.check(where, specific);
    }
    return Optional.of(guard);
  }

  /**
   * A {@code suspend fun}'s guard: core resolves its id and error handler (its fallback check reads
   * the Java signature, so the fallback is left out and checked by {@link SuspendFallback}).
   */
  private GuardedMethod resolveSuspending(Method method, CircuitBreaker annotation,
      Class<?> targetClass) {
    String where = "@CircuitBreaker on " + targetClass.getName() + "."
        + SuspendFallback.signature(method);
    if (suspending == null) {
      throw new IllegalArgumentException(where + ": a suspend fun is guarded only with "
          + "brama-kotlin, brama-reactor, kotlinx-coroutines-reactor (with which Spring hands the "
          + "call over as a Mono) and kotlin-reflect on the class path; add " + missingForSuspend);
    }
    SuspendFallback fallback = SuspendFallback.find(where, method, annotation.fallback(),
        targetClass);
    Map<String, Object> attributes = AnnotationUtils.getAnnotationAttributes(annotation);
    attributes.put("fallback", "");
    GuardedMethod guard = brama.getObject().guard(method,
        AnnotationUtils.synthesizeAnnotation(attributes, CircuitBreaker.class, null), targetClass);
    suspendFallbacks.put(guard, fallback);
    return guard;
  }
}
