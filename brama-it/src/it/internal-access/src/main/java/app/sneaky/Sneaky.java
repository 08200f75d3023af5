package app.sneaky;

import io.brama.internal.SystemClock;

/** Reaches into Brama's internals, which module io.brama does not export. */
public final class Sneaky {
  private Sneaky() {}

  /** Refers to an internal class. */
  public static Class<?> internal() {
    return SystemClock.class;
  }
}
