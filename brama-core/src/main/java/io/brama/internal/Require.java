package io.brama.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The one validation helper: every message has the shape {@code "<field> must be <range>, was <value>"}.
 */
public final class Require {
  private Require() {}

  /** Throws {@code NullPointerException("<name> must not be null")} when {@code value} is null. */
  public static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " must not be null");
    }
    return value;
  }

  /** {@code value >= min}, else {@code IllegalArgumentException("<field> must be >= min, was value")}. */
  public static int atLeast(int value, int min, String field) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", was " + value);
    }
    return value;
  }

  /** A finite number {@code >= min}. */
  public static double atLeast(double value, double min, String field) {
    if (!(value >= min) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be >= " + min + " and finite, was " + value);
    }
    return value;
  }

  /** {@code min <= value <= max}. */
  public static int between(int value, int min, int max, String field) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be in [" + min + ", " + max + "], was " + value);
    }
    return value;
  }

  /** A percentage in (0, 100]. */
  public static double percent(double value, String field) {
    if (!(value > 0 && value <= 100)) {
      throw new IllegalArgumentException(field + " must be in (0, 100], was " + value);
    }
    return value;
  }

  /** A fraction in [0, 1). */
  public static double fraction(double value, String field) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(field + " must be in [0, 1), was " + value);
    }
    return value;
  }

  /** A non-null duration greater than zero. */
  public static Duration positive(Duration value, String field) {
    notNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be > 0, was " + value);
    }
    return value;
  }

  /** {@code value >= min} for durations. */
  public static Duration atLeast(Duration value, Duration min, String field) {
    notNull(value, field);
    if (value.compareTo(min) < 0) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", was " + value);
    }
    return value;
  }

  /** A connection id: not null and not blank. */
  public static String id(String id) {
    notNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must be non-blank, was \"" + id + "\"");
    }
    return id;
  }

  /** Fails unless {@code condition} holds, with the given message. */
  public static void argument(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Equivalent to {@link Objects#requireNonNull(Object, String)} with our message shape. */
  public static <T> T nonNullElement(T value, String name, int index) {
    if (value == null) {
      throw new NullPointerException(name + "[" + index + "] must not be null");
    }
    return value;
  }
}
