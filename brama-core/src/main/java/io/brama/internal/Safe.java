package io.brama.internal;

/**
 * Renders what users hand in (reasons, listeners, handlers, strategies) for log lines, where a
 * {@code toString()} that throws must not break the operation being logged.
 */
public final class Safe {
  private Safe() {}

  /** {@code String.valueOf(o)}, or the class name of {@code o} when its {@code toString()} throws. */
  public static String describe(Object o) {
    try {
      return String.valueOf(o);
    } catch (Throwable t) {
      return o.getClass().getName();
    }
  }
}
