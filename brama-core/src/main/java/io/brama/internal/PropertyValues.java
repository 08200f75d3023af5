package io.brama.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import io.brama.internal.ConfigKey.Kind;

/**
 * The {@code brama.*} entries of a {@link Properties} as trimmed text, one per key. A value that is
 * not a String (put with {@code props.put}) is converted when the key takes that kind of value (a
 * Number for a number, a Duration or whole milliseconds for a duration, Class objects for exception
 * types) and otherwise refused naming the key and the value's type: it is never skipped, as
 * {@link Properties#stringPropertyNames()} would skip it.
 */
public final class PropertyValues {
  /** The prefix of Brama's keys in properties. */
  public static final String PREFIX = "brama.";

  private PropertyValues() {}

  /**
   * The {@code brama.*} entries of {@code properties} and its defaults, by key without the prefix.
   *
   * @throws IllegalArgumentException naming the key, for an unknown {@code brama.*} key, a key that
   *     is not a String, or a value that is neither a String nor convertible
   */
  public static Map<String, String> read(Properties properties) {
    Map<String, String> values = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) { // String entries, defaults included
      if (name.startsWith(PREFIX)) {
        values.put(name, properties.getProperty(name));
      }
    }
    for (Map.Entry<Object, Object> e : properties.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      if (!(e.getKey() instanceof String)) {
        throw new IllegalArgumentException(name + ": a configuration key must be a String, was a "
            + e.getKey().getClass().getName());
      }
      if (!(e.getValue() instanceof String)) { // this entry wins over a String in the defaults
        ConfigKey key = ConfigKey.named(name.substring(PREFIX.length()));
        Kind kind = key == null ? null : key.kind();
        Object value = e.getValue();
        values.put(name, kind != null ? text(name, kind, value)
            : value instanceof CharSequence ? value.toString() : describe(value));
      }
    }
    for (String name : namesWithDefaults(properties)) {
      if (name.startsWith(PREFIX) && !values.containsKey(name)) {
        throw new IllegalArgumentException(name + ": the value in the defaults of the Properties "
            + "is not a String; put a String there, or the value into the Properties itself");
      }
    }
    Map<String, String> byKey = new TreeMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey().substring(PREFIX.length());
      if (ConfigKey.named(key) == null) {
        Set<String> known = new TreeSet<>();
        for (ConfigKey k : ConfigKey.values()) {
          known.add(PREFIX + k.key());
        }
        throw new IllegalArgumentException("unknown configuration key '" + e.getKey()
            + "' (value '" + e.getValue() + "'); known keys: " + known);
      }
      byKey.put(key, e.getValue().trim());
    }
    return byKey;
  }

  /** Every key, defaults included; only the String ones when some key is not a String. */
  private static Set<String> namesWithDefaults(Properties properties) {
    Set<String> names = new TreeSet<>();
    try {
      for (var keys = properties.propertyNames(); keys.hasMoreElements(); ) {
        names.add((String) keys.nextElement());
      }
    } catch (ClassCastException e) {
      // a key that is not a String: in the Properties itself it was refused above if it names a
      // brama.* key; one in the defaults cannot be read without it
      return properties.stringPropertyNames();
    }
    return names;
  }

  /** The text of a value that is not a String, for a key of the given kind. */
  private static String text(String key, Kind kind, Object value) {
    if (value instanceof CharSequence s) {
      return s.toString();
    }
    switch (kind) {
      case WHOLE_NUMBER, NUMBER -> {
        if (value instanceof Number) {
          return value.toString();
        }
      }
      case DURATION -> {
        if (value instanceof Duration d) {
          return millis(key, d);
        }
        if (isWhole(value)) {
          return value.toString(); // whole milliseconds, as in a String
        }
      }
      case TYPES -> {
        List<String> names = classNames(value);
        if (names != null) {
          return String.join(",", names);
        }
      }
      default -> {
        // a word is text only
      }
    }
    throw new IllegalArgumentException(key + "=" + describe(value) + " is invalid: expected "
        + kind.what + (kind == Kind.DURATION ? " (a String such as 30s, a Duration or whole "
            + "milliseconds)" : kind == Kind.TYPES ? " (a String, Class objects, or a "
            + "collection or array of them)" : kind == Kind.WORD ? " (a String)"
            : " (a String or a Number)"));
  }

  private static boolean isWhole(Object value) {
    return value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte || value instanceof java.math.BigInteger;
  }

  private static String millis(String key, Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(key + "=" + describe(d) + " is invalid: expected a "
          + "duration that is not negative");
    }
    if (d.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(key + "=" + describe(d) + " is invalid: expected whole "
          + "milliseconds");
    }
    try {
      return d.toMillis() + "ms";
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(key + "=" + describe(d) + " is invalid: expected a "
          + "smaller duration", e);
    }
  }

  /** The names of a Class, or of a collection or array of Classes and Strings; else null. */
  private static List<String> classNames(Object value) {
    Collection<?> elements = value instanceof Collection<?> c ? c
        : value instanceof Object[] a ? Arrays.asList(a)
        : value instanceof Class<?> ? List.of(value) : null;
    if (elements == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (Object element : elements) {
      if (element instanceof Class<?> type) {
        names.add(type.getName());
      } else if (element instanceof CharSequence s) {
        names.add(s.toString());
      } else {
        return null;
      }
    }
    return names;
  }

  /** {@code 'text'} for text, else the value and its type: {@code true (a java.lang.Boolean)}. */
  static String describe(Object value) {
    if (value instanceof CharSequence) {
      return "'" + value + "'";
    }
    String text;
    try {
      text = value instanceof Object[] a ? Arrays.toString(a) : String.valueOf(value);
    } catch (RuntimeException e) { // a hostile toString: the type says enough
      text = "?";
    }
    return text + " (a " + value.getClass().getName() + ")";
  }
}
