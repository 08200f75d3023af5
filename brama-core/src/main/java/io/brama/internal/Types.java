package io.brama.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Map;

/** Reflection helpers for the decorators: assignability with boxing, checked exceptions, access. */
final class Types {
  private static final Map<Class<?>, Class<?>> BOXES = Map.of(
      boolean.class, Boolean.class, byte.class, Byte.class, char.class, Character.class,
      short.class, Short.class, int.class, Integer.class, long.class, Long.class,
      float.class, Float.class, double.class, Double.class, void.class, Void.class);

  private Types() {}

  static Class<?> box(Class<?> c) {
    return c.isPrimitive() ? BOXES.get(c) : c;
  }

  /** A parameter of type {@code param} can take an argument of type {@code arg} (no unboxing of null). */
  static boolean accepts(Class<?> param, Class<?> arg) {
    if (param.isPrimitive()) {
      return param == arg;
    }
    return param.isAssignableFrom(box(arg));
  }

  /** A value of type {@code given} can be returned where {@code wanted} is declared. */
  static boolean returnsInto(Class<?> wanted, Class<?> given) {
    if (wanted == void.class || given == void.class) {
      return wanted == given;
    }
    if (wanted.isPrimitive()) {
      return wanted == given;
    }
    return wanted.isAssignableFrom(box(given));
  }

  static boolean isChecked(Class<?> thrown) {
    return !RuntimeException.class.isAssignableFrom(thrown) && !Error.class.isAssignableFrom(thrown);
  }

  /** {@code method} declares {@code thrown} or a supertype of it. */
  static boolean declares(Method method, Class<?> thrown) {
    for (Class<?> declared : method.getExceptionTypes()) {
      if (declared.isAssignableFrom(thrown)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A {@code (Object receiver, Object[] args) Object} handle calling {@code m} with the elements of
   * {@code args} as its parameters, or an IllegalArgumentException saying how to grant access.
   */
  static MethodHandle spreadInvoker(String where, Method m) {
    int n = m.getParameterCount();
    return unreflect(where, m)
        .asType(MethodType.genericMethodType(n + 1))
        .asSpreader(Object[].class, n)
        .asType(MethodType.methodType(Object.class, Object.class, Object[].class));
  }

  /**
   * A fixed-arity method handle for {@code m}, or an IllegalArgumentException saying how to grant
   * access. Fixed arity because the caller always has the varargs array already (a proxy or a
   * framework passes it as one argument): the handle that {@code unreflect} gives a varargs method
   * is a varargs collector, and adapting it with {@code asType} to an {@code Object} last parameter
   * would collect that array into a new one-element array, failing with ClassCastException.
   */
  static MethodHandle unreflect(String where, Method m) {
    Types.class.getModule().addReads(m.getDeclaringClass().getModule());
    m.trySetAccessible(); // non-public targets on the class path; harmless when already public
    try {
      return MethodHandles.lookup().unreflect(m).asFixedArity();
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException(where + ": cannot access " + signatureOf(m)
          + "; make it public or open its package to module io.brama", e);
    }
  }

  private static String signatureOf(Method m) {
    return m.getDeclaringClass().getName() + "." + m.getName();
  }

  /** Whether {@code type} is or implements {@code org.reactivestreams.Publisher} (Mono, Flux ...). */
  static boolean isPublisher(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals("org.reactivestreams.Publisher")) {
        return true;
      }
      for (Class<?> i : c.getInterfaces()) {
        if (isPublisher(i)) {
          return true;
        }
      }
    }
    return false;
  }
}
