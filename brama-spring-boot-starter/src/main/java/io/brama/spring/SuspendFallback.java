package io.brama.spring;

import io.brama.CircuitOpenException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.core.KotlinDetector;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The fallback of a {@code @CircuitBreaker} {@code suspend fun}, found and checked when the method
 * is resolved: a {@code suspend fun} or a plain method of the bean, taking the method's parameters,
 * optionally followed by one that receives the {@link CircuitOpenException}, and returning the
 * method's type. Core's check reads Java signatures, where a {@code suspend fun} takes a trailing
 * {@code Continuation} and returns {@code Object}, so the starter checks these itself.
 */
final class SuspendFallback {
  private static final String CONTINUATION = "kotlin.coroutines.Continuation";
  /** No fallback: a rejection fails the call. */
  static final SuspendFallback NONE = new SuspendFallback(null, false, false);

  private final Method method;
  private final boolean suspending;
  private final boolean takesRejection;

  private SuspendFallback(Method method, boolean suspending, boolean takesRejection) {
    this.method = method;
    this.suspending = suspending;
    this.takesRejection = takesRejection;
  }

  /** The method to call, null when there is no fallback. */
  Method method() {
    return method;
  }

  /** Whether the fallback is itself a {@code suspend fun}. */
  boolean suspending() {
    return suspending;
  }

  /** The fallback's arguments: the call's (without its {@code Continuation}), then the rejection. */
  Object[] arguments(Object[] params, CircuitOpenException rejection) {
    if (!takesRejection) {
      return params;
    }
    Object[] a = Arrays.copyOf(params, params.length + 1);
    a[params.length] = rejection;
    return a;
  }

  /** Calls a plain fallback; its own exception propagates unchanged. */
  Object invokePlain(Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * Finds the fallback named {@code name} for the suspend fun {@code method} on {@code targetClass};
   * {@link #NONE} when {@code name} is empty.
   *
   * @param where how to name the method in messages
   * @throws IllegalArgumentException when none fits, saying why each candidate does not
   */
  static SuspendFallback find(String where, Method method, String name, Class<?> targetClass) {
    if (name.isEmpty()) {
      return NONE;
    }
    Class<?>[] params = parameters(method);
    Class<?> returns = returnType(method);
    String expected = "a fun or suspend fun " + name + "(" + names(params)
        + (params.length == 0 ? "" : ", ") + "[Throwable]) returning "
        + (returns == null ? "the method's type" : returns.getSimpleName());
    List<Method> candidates = candidates(targetClass, name);
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException(where + ": fallback method '" + name + "' not found on "
          + targetClass.getName() + "; expected " + expected);
    }
    // Prefer the form that receives the rejection, then the plain one.
    candidates.sort((a, b) -> Integer.compare(parameters(b).length, parameters(a).length));
    List<String> problems = new ArrayList<>();
    for (Method c : candidates) {
      String problem = mismatch(params, returns, c);
      if (problem == null) {
        ReflectionUtils.makeAccessible(c);
        return new SuspendFallback(c, isSuspending(c), parameters(c).length == params.length + 1);
      }
      problems.add((isSuspending(c) ? "suspend " : "") + signature(c) + ": " + problem);
    }
    throw new IllegalArgumentException(where + ": no fallback method '" + name + "' on "
        + targetClass.getName() + " fits; expected " + expected + ", found "
        + String.join("; ", problems));
  }

  /** {@code name(Type, Type)}, without a suspend fun's {@code Continuation}. */
  static String signature(Method m) {
    return m.getName() + "(" + names(parameters(m)) + ")";
  }

  /** Why {@code c} cannot be the fallback, or null when it can. */
  private static String mismatch(Class<?>[] params, Class<?> returns, Method c) {
    Class<?>[] given = parameters(c);
    boolean withRejection = given.length == params.length + 1;
    if (given.length != params.length && !withRejection) {
      return "it takes " + given.length + " parameters, not " + params.length + " (or "
          + (params.length + 1) + " with a trailing Throwable)";
    }
    for (int i = 0; i < params.length; i++) {
      if (!ClassUtils.isAssignable(given[i], params[i])) {
        return "parameter " + (i + 1) + " is " + given[i].getName() + ", which does not accept "
            + params[i].getName();
      }
    }
    if (withRejection && !given[params.length].isAssignableFrom(CircuitOpenException.class)) {
      return "its last parameter is " + given[params.length].getName()
          + ", which cannot receive a CircuitOpenException";
    }
    Class<?> type = isSuspending(c) ? returnType(c) : c.getReturnType();
    if (returns == null || type == null) {
      return null; // a type variable: nothing to compare at start-up
    }
    if (type == void.class) {
      return returns.getName().equals("kotlin.Unit") ? null
          : "it returns void, not " + returns.getName();
    }
    return ClassUtils.isAssignable(returns, type) ? null
        : "it returns " + type.getName() + ", not assignable to " + returns.getName();
  }

  /** The bean's instance methods named {@code name}, overridden ones once. */
  private static List<Method> candidates(Class<?> targetClass, String name) {
    return new ArrayList<>(Arrays.asList(ReflectionUtils.getUniqueDeclaredMethods(targetClass,
        m -> m.getName().equals(name) && !Modifier.isStatic(m.getModifiers())
            && !m.isBridge() && !m.isSynthetic())));
  }

  private static boolean isSuspending(Method m) {
    Class<?>[] types = m.getParameterTypes();
    return types.length > 0 && types[types.length - 1].getName().equals(CONTINUATION)
        && KotlinDetector.isSuspendingFunction(m);
  }

  /** The parameters as Kotlin declares them: a suspend fun's {@code Continuation} left out. */
  private static Class<?>[] parameters(Method m) {
    Class<?>[] types = m.getParameterTypes();
    return isSuspending(m) ? Arrays.copyOf(types, types.length - 1) : types;
  }

  /** A suspend fun's declared return type, from its {@code Continuation<? super T>}; else null. */
  private static Class<?> returnType(Method m) {
    Type[] types = m.getGenericParameterTypes();
    if (types.length == 0 || !(types[types.length - 1] instanceof ParameterizedType p)) {
      return null;
    }
    Type t = p.getActualTypeArguments()[0];
    if (t instanceof WildcardType w) {
      t = w.getLowerBounds().length > 0 ? w.getLowerBounds()[0] : w.getUpperBounds()[0];
    }
    if (t instanceof ParameterizedType generic) {
      t = generic.getRawType();
    }
    return t instanceof Class<?> c ? c : null;
  }

  private static String names(Class<?>[] types) {
    return Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", "));
  }
}
