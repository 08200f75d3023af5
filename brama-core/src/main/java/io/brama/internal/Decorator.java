package io.brama.internal;

import io.brama.CircuitBreaker;
import io.brama.GuardedMethod;
import io.brama.Registration;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code Brama.decorate}: validates an interface's {@link CircuitBreaker} annotations, registers the
 * ids they name, and returns a JDK proxy that routes each method through its {@link DecoratedMethod}.
 */
public final class Decorator implements InvocationHandler {
  private final Object target;
  private final Map<Method, DecoratedMethod> byMethod;
  /** The proxy passes the same few Method objects every time: find them by identity first. */
  private volatile IdentityHashMap<Method, DecoratedMethod> seen = new IdentityHashMap<>();

  private Decorator(Object target, Map<Method, DecoratedMethod> byMethod) {
    this.target = target;
    this.byMethod = byMethod;
  }

  /** See {@link io.brama.Brama#decorate(Class, Object)}. */
  public static <T> T decorate(Engine engine, Class<T> contract, T target) {
    Require.notNull(contract, "contract");
    Require.notNull(target, "target");
    if (!contract.isInterface()) {
      throw new IllegalArgumentException("contract must be an interface, was the class "
          + contract.getName());
    }
    if (!contract.isInstance(target)) {
      throw new IllegalArgumentException("target must implement " + contract.getName()
          + ", was a " + target.getClass().getName());
    }
    engine.lifecycle().ensureOpen();
    Map<Method, DecoratedMethod> plans = new HashMap<>();
    Map<String, Connection> connections = new LinkedHashMap<>();
    for (Method m : contract.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      String where = "@CircuitBreaker on " + contract.getName() + "." + signature(m);
      CircuitBreaker cb = annotationOf(contract, m);
      if (cb == null) {
        plans.put(m, DecoratedMethod.passThrough(where, m));
        continue;
      }
      plans.put(m, DecoratedMethod.annotated(engine, where, m, cb, target.getClass()));
      String id = DecoratedMethod.idOf(where, cb);
      connections.computeIfAbsent(id, k -> new Connection()).merge(where, id, cb);
    }
    for (String name : new String[] {"equals", "hashCode", "toString"}) {
      Method m = objectMethod(name);
      plans.put(m, DecoratedMethod.passThrough(contract.getName() + "." + name, m));
    }
    connections.forEach((id, c) -> engine.registry().register(id,
        Registration.builder().type(c.type).scope(c.scope).build(), true));
    Object proxy = Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[] {contract},
        new Decorator(target, Map.copyOf(plans)));
    return contract.cast(proxy);
  }

  /** See {@link io.brama.Brama#guard(Method, CircuitBreaker, Class)}. */
  public static GuardedMethod guard(Engine engine, Method method, CircuitBreaker annotation,
      Class<?> targetClass) {
    Require.notNull(method, "method");
    Require.notNull(annotation, "annotation");
    Require.notNull(targetClass, "targetClass");
    if (!method.getDeclaringClass().isAssignableFrom(targetClass)) {
      throw new IllegalArgumentException("method " + method + " is not a method of targetClass "
          + targetClass.getName());
    }
    engine.lifecycle().ensureOpen();
    String where = "@CircuitBreaker on " + targetClass.getName() + "." + signature(method);
    DecoratedMethod guarded = DecoratedMethod.guarded(engine, where, method, annotation,
        targetClass);
    engine.registry().register(guarded.id(), Registration.builder()
        .type(annotation.type().isEmpty() ? null : annotation.type())
        .scope(annotation.scope().isEmpty() ? null : annotation.scope())
        .build(), true);
    return guarded;
  }

  /** The method's own annotation; for an abstract method, else its interface's. */
  private static CircuitBreaker annotationOf(Class<?> contract, Method m) {
    CircuitBreaker own = m.getAnnotation(CircuitBreaker.class);
    if (own != null || m.isDefault()) {
      return own;
    }
    CircuitBreaker declaring = m.getDeclaringClass().getAnnotation(CircuitBreaker.class);
    return declaring != null ? declaring : contract.getAnnotation(CircuitBreaker.class);
  }

  private static Method objectMethod(String name) {
    try {
      return name.equals("equals") ? Object.class.getMethod(name, Object.class)
          : Object.class.getMethod(name);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code name(Type, Type)} for messages. */
  static String signature(Method m) {
    return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
        .collect(Collectors.joining(", ", "(", ")"));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    DecoratedMethod plan = seen.get(method);
    if (plan == null) {
      plan = remember(method);
    }
    return plan.invoke(target, args);
  }

  private DecoratedMethod remember(Method method) {
    DecoratedMethod plan = byMethod.get(method);
    if (plan == null) {
      throw new IllegalStateException("no plan for " + method + " (not a method of the contract)");
    }
    IdentityHashMap<Method, DecoratedMethod> copy = new IdentityHashMap<>(seen);
    copy.put(method, plan);
    seen = copy;
    return plan;
  }

  @Override
  public String toString() {
    return "Decorator[" + target + "]";
  }

  /** The type and scope that the annotations naming one id agree on. */
  private static final class Connection {
    private String type;
    private String scope;
    private String typeFrom;
    private String scopeFrom;

    void merge(String where, String id, CircuitBreaker cb) {
      if (!cb.type().isEmpty()) {
        if (type != null && !type.equals(cb.type())) {
          throw conflict(where, id, "type", type, typeFrom, cb.type());
        }
        type = cb.type();
        typeFrom = where;
      }
      if (!cb.scope().isEmpty()) {
        if (scope != null && !scope.equals(cb.scope())) {
          throw conflict(where, id, "scope", scope, scopeFrom, cb.scope());
        }
        scope = cb.scope();
        scopeFrom = where;
      }
    }

    private static IllegalArgumentException conflict(String where, String id, String what,
        String first, String firstFrom, String second) {
      return new IllegalArgumentException(where + ": connection '" + id + "' is given " + what
          + " '" + second + "', but " + firstFrom + " gives it " + what + " '" + first + "'");
    }
  }
}
