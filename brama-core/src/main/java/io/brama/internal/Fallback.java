package io.brama.internal;

import io.brama.CircuitOpenException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code @CircuitBreaker(fallback = "...")} method on the target, found and checked when the
 * interface is decorated: the decorated method's parameters (optionally plus a trailing exception
 * parameter that receives the {@link CircuitOpenException}), an assignable return type, and no checked
 * exception the interface method does not declare.
 */
final class Fallback {
  private final MethodHandle invoker;
  private final boolean takesRejection;
  private final int arity;
  /** The decorated method, for the message about a framework's wrong argument count. */
  private final String where;

  private Fallback(MethodHandle invoker, boolean takesRejection, int arity, String where) {
    this.invoker = invoker;
    this.takesRejection = takesRejection;
    this.arity = arity;
    this.where = where;
  }

  /** Calls the fallback for a rejected call; its own exceptions propagate unchanged. */
  Object invoke(Object target, Object[] args, CircuitOpenException rejection) throws Throwable {
    int given = args == null ? 0 : args.length;
    int wanted = takesRejection ? arity - 1 : arity;
    if (given != wanted) {
      // only a framework calling GuardedMethod.invoke can get this wrong; a proxy cannot
      throw new IllegalArgumentException("args must have " + wanted + " elements, the arguments "
          + "of the method (" + where + "), was " + given);
    }
    Object[] a = args == null ? new Object[0] : args;
    if (takesRejection) {
      a = Arrays.copyOf(a, arity);
      a[arity - 1] = rejection;
    }
    return (Object) invoker.invokeExact(target, a);
  }

  /**
   * Finds the fallback named {@code name} for {@code method} on {@code targetClass}.
   *
   * @param where how to name the decorated method in messages
   * @throws IllegalArgumentException when none fits, saying why each candidate does not
   */
  static Fallback find(String where, Method method, String name, Class<?> targetClass,
      Class<?> wrapper) {
    List<Method> candidates = candidates(targetClass, name);
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException(where + ": fallback method '" + name + "' not found on "
          + targetClass.getName() + "; expected " + expected(method, name, wrapper));
    }
    List<String> problems = new ArrayList<>();
    // Prefer the form that receives the rejection, then the plain one.
    candidates.sort((a, b) -> Integer.compare(b.getParameterCount(), a.getParameterCount()));
    for (Method c : candidates) {
      String problem = mismatch(method, c, wrapper);
      if (problem == null) {
        return bind(where, c, c.getParameterCount() == method.getParameterCount() + 1);
      }
      problems.add(Decorator.signature(c) + ": " + problem);
    }
    throw new IllegalArgumentException(where + ": no fallback method '" + name + "' on "
        + targetClass.getName() + " fits; expected " + expected(method, name, wrapper) + ", found "
        + String.join("; ", problems));
  }

  private static List<Method> candidates(Class<?> targetClass, String name) {
    Set<Method> found = new LinkedHashSet<>();
    for (Method m : targetClass.getMethods()) {
      if (m.getName().equals(name)) {
        found.add(m);
      }
    }
    for (Class<?> c = targetClass; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && !m.isBridge() && !m.isSynthetic()
            && !Modifier.isStatic(m.getModifiers())) {
          found.add(m);
        }
      }
    }
    return new ArrayList<>(found);
  }

  /** Why {@code c} cannot be the fallback of {@code method}, or null when it can. */
  private static String mismatch(Method method, Method c, Class<?> wrapper) {
    if (Modifier.isStatic(c.getModifiers())) {
      return "it is static";
    }
    Class<?>[] mp = method.getParameterTypes();
    Class<?>[] fp = c.getParameterTypes();
    boolean withRejection = fp.length == mp.length + 1;
    if (fp.length != mp.length && !withRejection) {
      return "it takes " + fp.length + " parameters, not " + mp.length + " (or " + (mp.length + 1)
          + " with a trailing Throwable)";
    }
    for (int i = 0; i < mp.length; i++) {
      if (!Types.accepts(fp[i], mp[i])) {
        return "parameter " + (i + 1) + " is " + fp[i].getName() + ", which does not accept "
            + mp[i].getName();
      }
    }
    if (withRejection && !fp[mp.length].isAssignableFrom(CircuitOpenException.class)) {
      return "its last parameter is " + fp[mp.length].getName()
          + ", which cannot receive a CircuitOpenException";
    }
    String returns = returnMismatch(method, c, wrapper);
    if (returns != null) {
      return returns;
    }
    for (Class<?> thrown : c.getExceptionTypes()) {
      if (Types.isChecked(thrown) && !Types.declares(method, thrown)) {
        return "it throws the checked " + thrown.getName() + ", which " + method.getName()
            + " does not declare";
      }
    }
    return null;
  }

  /**
   * Why {@code c}'s return type does not fit: for a plain method, assignable to the method's; for a
   * stage or a publisher ({@code wrapper}), that wrapper or a value of its element type.
   */
  private static String returnMismatch(Method method, Method c, Class<?> wrapper) {
    Class<?> wanted = method.getReturnType();
    Class<?> given = c.getReturnType();
    if (wrapper == null) {
      return Types.returnsInto(wanted, given) ? null
          : "it returns " + given.getName() + ", not assignable to " + wanted.getName();
    }
    if (wrapper.isAssignableFrom(given)) {
      return null;
    }
    if (given == void.class) {
      return "it returns void; a fallback of " + wanted.getSimpleName()
          + " returns a value or a " + wrapper.getSimpleName();
    }
    if (Types.isPublisher(given)) {
      return "it returns " + given.getName() + ", not the method's " + wanted.getName();
    }
    Class<?> element = element(method.getGenericReturnType());
    return element == null || Types.returnsInto(element, given) ? null
        : "it returns " + given.getName() + ", not assignable to the " + wanted.getSimpleName()
            + "'s " + element.getName();
  }

  /** The {@code X} of {@code CompletableFuture<X>} or {@code Mono<X>} when a plain class, else null. */
  private static Class<?> element(Type futureType) {
    if (futureType instanceof ParameterizedType p
        && p.getActualTypeArguments()[0] instanceof Class<?> element) {
      return element;
    }
    return null;
  }

  private static String expected(Method method, String name, Class<?> wrapper) {
    String params = Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
        .reduce((a, b) -> a + ", " + b).orElse("");
    return "a method " + name + "(" + params + (params.isEmpty() ? "" : ", ")
        + "[Throwable]) returning " + (wrapper != null ? "a value or a "
            + wrapper.getSimpleName() + " for "
            + method.getGenericReturnType().getTypeName() : method.getReturnType().getSimpleName());
  }

  private static Fallback bind(String where, Method c, boolean takesRejection) {
    return new Fallback(Types.spreadInvoker(where, c), takesRejection, c.getParameterCount(),
        where);
  }
}
