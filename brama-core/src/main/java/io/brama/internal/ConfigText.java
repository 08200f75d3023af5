package io.brama.internal;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one configuration value into the type its key takes. A value is text as written in
 * properties ({@code 30s}, {@code 2.5}, {@code rate}, class names) or, from a binder that already
 * typed it, a Number, a Duration, an enum constant (its name, lower case, {@code _} as {@code -}) or
 * Class objects. Every refusal names the key and the value: {@code brama.expiry='5 seconds' is
 * invalid: expected a duration such as 500ms, 30s, 5m, 1h or whole milliseconds}.
 */
final class ConfigText {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  private ConfigText() {}

  /** The value as a user would write it: the text itself, {@code 30s}, class names. */
  static String raw(Object value) {
    if (value instanceof Duration d && d.getNano() % 1_000_000 == 0 && !d.isNegative()) {
      return d.getNano() == 0 ? d.getSeconds() + "s" : d.toMillis() + "ms";
    }
    if (value instanceof Collection<?> || value instanceof Object[] || value instanceof Class<?>) {
      List<String> names = new ArrayList<>();
      elements(value).forEach(e -> names.add(e instanceof Class<?> c ? c.getName() : raw(e)));
      return String.join(",", names);
    }
    return value instanceof CharSequence s ? s.toString() : String.valueOf(value);
  }

  static int wholeNumber(String name, Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte
        || value instanceof Long || value instanceof BigInteger) {
      try {
        return value instanceof BigInteger b ? b.intValueExact() : Math.toIntExact(
            ((Number) value).longValue());
      } catch (ArithmeticException e) {
        throw bad(name, value, "a whole number that fits in an int");
      }
    }
    try {
      return Integer.parseInt(text(name, value, "a whole number"));
    } catch (NumberFormatException e) {
      throw bad(name, value, "a whole number");
    }
  }

  static double number(String name, Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(text(name, value, "a number such as 2.0"));
    } catch (NumberFormatException e) {
      throw bad(name, value, "a number such as 2.0");
    }
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or whole milliseconds; or a Duration. */
  static Duration duration(String name, Object value) {
    if (value instanceof Duration d) {
      return d;
    }
    String expected = "a duration such as 500ms, 30s, 5m, 1h or whole milliseconds";
    Matcher m = DURATION.matcher(text(name, value, expected));
    if (!m.matches()) {
      throw bad(name, value, expected);
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw bad(name, value, "a duration that fits in a long");
    }
    String unit = m.group(2) == null ? "ms" : m.group(2);
    try {
      return switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    } catch (ArithmeticException e) {
      throw bad(name, value, "a smaller duration");
    }
  }

  /** A word such as {@code timed-rate}; an enum constant {@code TIMED_RATE} reads the same. */
  static String word(String name, Object value) {
    if (value instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
    return text(name, value, "a word");
  }

  /** Comma-separated class names, or Class objects (one, a collection or an array of them). */
  @SuppressWarnings("unchecked")
  static Class<? extends Throwable>[] types(String name, Object value) {
    List<Class<? extends Throwable>> types = new ArrayList<>();
    for (Object element : elements(value)) {
      Class<?> c = element instanceof Class<?> type ? type : load(name, value, element);
      if (c == null) {
        continue;
      }
      if (!Throwable.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException(name + "='" + raw(value) + "' is invalid: "
            + c.getName() + " is not a Throwable");
      }
      types.add((Class<? extends Throwable>) c);
    }
    return types.toArray(new Class[0]);
  }

  private static Collection<?> elements(Object value) {
    return value instanceof CharSequence s ? Arrays.asList(s.toString().split(","))
        : value instanceof Collection<?> c ? c
        : value instanceof Object[] a ? Arrays.asList(a)
        : List.of(value);
  }

  /** The named class, or null for an empty name between commas. */
  private static Class<?> load(String name, Object value, Object element) {
    if (!(element instanceof CharSequence)) {
      throw bad(name, value, "exception class names or Class objects");
    }
    String n = element.toString().trim();
    if (n.isEmpty()) {
      return null;
    }
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      return Class.forName(n, false, loader != null ? loader : ConfigText.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(name + "='" + raw(value) + "' is invalid: class " + n
          + " not found", e);
    }
  }

  private static String text(String name, Object value, String expected) {
    if (value instanceof CharSequence s) {
      return s.toString();
    }
    throw bad(name, value, expected);
  }

  static IllegalArgumentException bad(String name, Object value, String expected) {
    return new IllegalArgumentException(
        name + "='" + raw(value) + "' is invalid: expected " + expected);
  }
}
