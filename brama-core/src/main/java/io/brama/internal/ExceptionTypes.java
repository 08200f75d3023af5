package io.brama.internal;

import java.util.List;

/** Validation of the exception-type lists of {@code recordExceptions}/{@code ignoreExceptions}. */
public final class ExceptionTypes {
  private ExceptionTypes() {}

  /** An unmodifiable copy; null arrays and elements are rejected, naming the parameter. */
  @SafeVarargs
  public static List<Class<? extends Throwable>> copy(String name,
      Class<? extends Throwable>... types) {
    Require.notNull(types, name);
    for (int i = 0; i < types.length; i++) {
      Require.nonNullElement(types[i], name, i);
    }
    return List.of(types);
  }
}
