package io.brama.internal;

import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.ErrorHandler;
import io.brama.GuardedMethod;
import io.brama.Permit;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One method of a decorated interface, resolved once at {@code decorate} time: how to call the
 * target, and, when annotated, its connection, error handler and fallback. Also the
 * {@link GuardedMethod} of {@code Brama.guard}, where the framework supplies the invocation.
 */
public final class DecoratedMethod implements GuardedMethod {
  private static final Object[] NO_ARGS = {};
  private final Engine engine;
  /**
   * (Object target, Object[] args) Object: calls the interface method on the target; null for a
   * guarded method, whose framework supplies each invocation.
   */
  private final MethodHandle invoker;
  private final String id;
  private final ErrorHandler handler;
  private final boolean async;
  /** Returns a Reactive Streams Publisher: the framework guards it, see {@link #returnsPublisher}. */
  private final boolean publisher;
  private final Fallback fallback;
  /** The method, for messages. */
  private final String where;
  private volatile ConnectionCore core;

  private DecoratedMethod(Engine engine, MethodHandle invoker, String id, ErrorHandler handler,
      boolean async, boolean publisher, Fallback fallback, String where) {
    this.engine = engine;
    this.invoker = invoker;
    this.id = id;
    this.handler = handler;
    this.async = async;
    this.publisher = publisher;
    this.fallback = fallback;
    this.where = where;
  }

  /** A method that calls the target directly. */
  static DecoratedMethod passThrough(String where, Method m) {
    return new DecoratedMethod(null, invoker(where, m), null, null, false, false, null, where);
  }

  /** An annotated method: validated now, so that nothing fails later for want of configuration. */
  static DecoratedMethod annotated(Engine engine, String where, Method m, CircuitBreaker cb,
      Class<?> targetClass) {
    return resolve(engine, where, m, cb, targetClass, invoker(where, m));
  }

  /** As {@link #annotated}, for a framework that proceeds with each invocation itself. */
  static DecoratedMethod guarded(Engine engine, String where, Method m, CircuitBreaker cb,
      Class<?> targetClass) {
    return resolve(engine, where, m, cb, targetClass, null);
  }

  private static DecoratedMethod resolve(Engine engine, String where, Method m, CircuitBreaker cb,
      Class<?> targetClass, MethodHandle invoker) {
    String id = idOf(where, cb);
    boolean publisher = Types.isPublisher(m.getReturnType());
    if (publisher && invoker != null) { // decorate: core cannot see a publisher complete
      throw new IllegalArgumentException(where + ": returns " + m.getReturnType().getName()
          + ", a Reactive Streams Publisher, which is not supported: its outcome would be recorded "
          + "when the publisher is built, not when it completes; guard it with brama-reactor "
          + "(publisher.transformDeferred(BramaOperator.of(circuit)), and in Spring Boot with "
          + "brama-reactor on the class path), or return a CompletionStage");
    }
    boolean async = isAsync(m.getReturnType());
    ErrorHandler handler = errorHandler(where, cb.errorHandler());
    Class<?> wrapper = async ? CompletionStage.class : publisher ? m.getReturnType() : null;
    Fallback fallback = cb.fallback().isEmpty() ? null
        : Fallback.find(where, m, cb.fallback(), targetClass, wrapper);
    return new DecoratedMethod(engine, invoker, id, handler, async, publisher, fallback, where);
  }

  /** The connection id an annotation names; exactly one of value/identifier must be set. */
  static String idOf(String where, CircuitBreaker cb) {
    boolean hasValue = !cb.value().isBlank();
    boolean hasIdentifier = !cb.identifier().isBlank();
    if (hasValue == hasIdentifier) {
      throw new IllegalArgumentException(where + ": @CircuitBreaker must set exactly one of value "
          + "and identifier (the connection id), was value=\"" + cb.value() + "\", identifier=\""
          + cb.identifier() + "\"");
    }
    return hasValue ? cb.value() : cb.identifier();
  }

  static boolean isAsync(Class<?> returnType) {
    return returnType == CompletionStage.class || returnType == CompletableFuture.class;
  }

  private static MethodHandle invoker(String where, Method m) {
    return Types.spreadInvoker(where, m);
  }

  private static ErrorHandler errorHandler(String where, Class<? extends ErrorHandler> type) {
    if (type == ErrorHandler.class) {
      return ErrorHandler.defaults();
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException(where + ": errorHandler " + type.getName()
          + " must be a concrete class with an accessible no-arg constructor, was "
          + (type.isInterface() ? "an interface" : "abstract"));
    }
    if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
      throw new IllegalArgumentException(where + ": errorHandler " + type.getName()
          + " must be a top-level or static nested class, was an inner class");
    }
    Constructor<? extends ErrorHandler> constructor;
    try {
      constructor = type.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(where + ": errorHandler " + type.getName()
          + " must have a no-arg constructor, has none", e);
    }
    Types.class.getModule().addReads(type.getModule());
    if (!constructor.trySetAccessible()) {
      throw new IllegalArgumentException(where + ": errorHandler " + type.getName()
          + " must have an accessible no-arg constructor; make it public or open its package to "
          + "module io.brama");
    }
    try {
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException(where + ": errorHandler " + type.getName()
          + " could not be created: " + cause, cause);
    }
  }

  /** Runs one invocation of the proxy. */
  Object invoke(Object target, Object[] args) throws Throwable {
    if (id == null) {
      return (Object) invoker.invokeExact(target, args);
    }
    return run(target, args, null);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Object invoke(Object target, Object[] args, Invocation invocation) throws Throwable {
    Require.notNull(target, "target");
    Require.notNull(invocation, "invocation");
    if (publisher) {
      throw new IllegalStateException(where + ": returns a Reactive Streams Publisher, whose "
          + "outcome core cannot see; guard the publisher it returns (brama-reactor's "
          + "BramaOperator) and call fallback(...) on a rejection");
    }
    return run(target, args == null ? NO_ARGS : args, invocation);
  }

  @Override
  public boolean returnsPublisher() {
    return publisher;
  }

  @Override
  public ErrorHandler errorHandler() {
    return handler;
  }

  @Override
  public Object fallback(Object target, Object[] args, CircuitOpenException rejection)
      throws Throwable {
    Require.notNull(target, "target");
    Require.notNull(rejection, "rejection");
    if (fallback == null) {
      throw rejection;
    }
    return fallback.invoke(target, args == null ? NO_ARGS : args, rejection);
  }

  /** One gated invocation: through {@code invocation} when given, else through the invoker. */
  private Object run(Object target, Object[] args, Invocation invocation) throws Throwable {
    ConnectionCore c = core();
    if (async) {
      return invokeAsync(c, target, args, invocation);
    }
    GatePermit permit = c.permit();
    if (!permit.granted()) {
      CircuitOpenException rejection = Calls.rejection(c, permit);
      ObservedPermit.refused(c, rejection);
      if (fallback == null) {
        throw rejection;
      }
      return fallback.invoke(target, args, rejection);
    }
    permit = ObservedPermit.of(c, permit);
    long start = c.settings().measuresSlowCalls() ? c.now() : Nanos.NONE;
    Object result;
    try {
      result = invocation == null ? (Object) invoker.invokeExact(target, args)
          : invocation.proceed();
    } catch (Throwable t) {
      Calls.record(c, permit, handler, null, t, start);
      throw t;
    }
    Calls.record(c, permit, handler, result, null, start);
    return result;
  }

  @SuppressWarnings("unchecked")
  private Object invokeAsync(ConnectionCore c, Object target, Object[] args,
      Invocation invocation) {
    return Calls.<Object>callAsync(c, handler, () -> {
      try {
        Object stage = invocation == null ? (Object) invoker.invokeExact(target, args)
            : invocation.proceed();
        return (CompletionStage<Object>) stage;
      } catch (Throwable t) {
        throw Calls.sneaky(t);
      }
    }, fallback == null ? null : rejection -> {
      try {
        Object value = fallback.invoke(target, args, rejection);
        return value instanceof CompletionStage<?> stage
            ? (CompletionStage<Object>) stage : CompletableFuture.completedFuture(value);
      } catch (Throwable t) {
        return CompletableFuture.failedFuture(t);
      }
    });
  }

  /** The connection, looked up again only if it was unregistered (and perhaps registered anew). */
  private ConnectionCore core() {
    ConnectionCore c = core;
    if (c == null || c.removed()) {
      c = engine.registry().require(id);
      core = c;
    }
    return c;
  }
}
