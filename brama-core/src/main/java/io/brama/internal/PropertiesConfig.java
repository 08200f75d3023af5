package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.ExpiryStrategy;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code brama.*} keys into a {@link BramaConfig.Builder}. */
public final class PropertiesConfig {
  static final String MAX_ATTEMPTS = "brama.max-attempts";
  static final String EXPIRY = "brama.expiry";
  static final String EXPIRY_STRATEGY = "brama.expiry-strategy";
  static final String INITIAL_EXPIRY = "brama.initial-expiry";
  static final String MAX_EXPIRY = "brama.max-expiry";
  static final String BACKOFF_FACTOR = "brama.backoff-factor";
  static final String CLEANUP_INTERVAL = "brama.cleanup-interval";
  static final String HALF_OPEN_TRIALS = "brama.half-open-trials";
  static final String EXPIRY_JITTER = "brama.expiry-jitter";
  private static final Set<String> KEYS = union(Set.of(MAX_ATTEMPTS, EXPIRY, EXPIRY_STRATEGY,
      INITIAL_EXPIRY, MAX_EXPIRY, BACKOFF_FACTOR, CLEANUP_INTERVAL, HALF_OPEN_TRIALS,
      EXPIRY_JITTER), PolicyProperties.KEYS);
  private static final double DEFAULT_BACKOFF_FACTOR = 2.0;
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  private PropertiesConfig() {}

  /** Applies every {@code brama.*} key of {@code properties} to {@code builder}. */
  public static BramaConfig.Builder read(Properties properties, BramaConfig.Builder builder) {
    Map<String, String> values = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (name.startsWith("brama.")) {
        if (!KEYS.contains(name)) {
          throw new IllegalArgumentException("unknown configuration key '" + name + "' (value '"
              + properties.getProperty(name) + "'); known keys: " + new TreeSet<>(KEYS));
        }
        values.put(name, properties.getProperty(name).trim());
      }
    }
    if (values.containsKey(MAX_ATTEMPTS)) {
      int v = parseInt(MAX_ATTEMPTS, values.get(MAX_ATTEMPTS));
      apply(MAX_ATTEMPTS, values.get(MAX_ATTEMPTS), () -> builder.maxAttempts(v));
    }
    if (values.containsKey(HALF_OPEN_TRIALS)) {
      int v = parseInt(HALF_OPEN_TRIALS, values.get(HALF_OPEN_TRIALS));
      apply(HALF_OPEN_TRIALS, values.get(HALF_OPEN_TRIALS), () -> builder.halfOpenTrials(v));
    }
    if (values.containsKey(CLEANUP_INTERVAL)) {
      Duration v = parseDuration(CLEANUP_INTERVAL, values.get(CLEANUP_INTERVAL));
      apply(CLEANUP_INTERVAL, values.get(CLEANUP_INTERVAL), () -> builder.cleanupInterval(v));
    }
    readExpiry(values, builder);
    PolicyProperties.read(values, builder);
    return builder;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  private static void readExpiry(Map<String, String> values, BramaConfig.Builder builder) {
    String strategy = values.getOrDefault(EXPIRY_STRATEGY, "fixed");
    switch (strategy) {
      case "fixed" -> {
        for (String key : new String[] {INITIAL_EXPIRY, MAX_EXPIRY, BACKOFF_FACTOR}) {
          if (values.containsKey(key)) {
            throw new IllegalArgumentException(key + " applies only with " + EXPIRY_STRATEGY
                + "=progressive, was set to '" + values.get(key) + "' with strategy '"
                + strategy + "'");
          }
        }
        Duration v = values.containsKey(EXPIRY) ? parseDuration(EXPIRY, values.get(EXPIRY))
            : BramaConfig.defaults().expiry();
        apply(EXPIRY, values.getOrDefault(EXPIRY, v.toString()),
            () -> builder.expiryStrategy(jittered(values, ExpiryStrategy.fixed(v))));
      }
      case "progressive" -> {
        if (values.containsKey(EXPIRY)) {
          throw new IllegalArgumentException(EXPIRY + " applies only with " + EXPIRY_STRATEGY
              + "=fixed (use " + INITIAL_EXPIRY + "), was '" + values.get(EXPIRY) + "'");
        }
        String rawInitial = required(values, INITIAL_EXPIRY);
        String rawMax = required(values, MAX_EXPIRY);
        Duration initial = parseDuration(INITIAL_EXPIRY, rawInitial);
        Duration max = parseDuration(MAX_EXPIRY, rawMax);
        apply(INITIAL_EXPIRY, rawInitial, () -> Require.positive(initial, "initialExpiry"));
        apply(MAX_EXPIRY, rawMax, () -> Require.positive(max, "maxExpiry"));
        apply(MAX_EXPIRY, rawMax, () -> Require.argument(max.compareTo(initial) >= 0,
            "maxExpiry must be >= initialExpiry (" + initial + "), was " + max));
        String rawFactor = values.get(BACKOFF_FACTOR);
        double factor = rawFactor == null ? DEFAULT_BACKOFF_FACTOR
            : parseDouble(BACKOFF_FACTOR, rawFactor);
        if (rawFactor != null) {
          apply(BACKOFF_FACTOR, rawFactor, () -> Require.atLeast(factor, 1.0, "backoffFactor"));
        }
        builder.expiryStrategy(jittered(values, ExpiryStrategy.progressive(initial, max, factor)));
      }
      default -> throw new IllegalArgumentException(EXPIRY_STRATEGY
          + " must be 'fixed' or 'progressive', was '" + strategy + "'");
    }
  }

  private static ExpiryStrategy jittered(Map<String, String> values, ExpiryStrategy strategy) {
    String raw = values.get(EXPIRY_JITTER);
    if (raw == null) {
      return strategy;
    }
    double fraction = parseDouble(EXPIRY_JITTER, raw);
    apply(EXPIRY_JITTER, raw, () -> Require.fraction(fraction, "fraction"));
    return strategy.withJitter(fraction);
  }

  static String required(Map<String, String> values, String key) {
    return required(values, key, EXPIRY_STRATEGY + "=progressive");
  }

  static String required(Map<String, String> values, String key, String when) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException(key + " is required when " + when + ", was not set");
    }
    return v;
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or whole milliseconds. */
  public static Duration parseDuration(String key, String value) {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw bad(key, value, "a duration such as 500ms, 30s, 5m, 1h or whole milliseconds");
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw bad(key, value, "a duration that fits in a long");
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
      throw bad(key, value, "a smaller duration");
    }
  }

  static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw bad(key, value, "a whole number");
    }
  }

  static double parseDouble(String key, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw bad(key, value, "a number such as 2.0");
    }
  }

  static void apply(String key, String value, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + "='" + value + "' is invalid: " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException bad(String key, String value, String expected) {
    return new IllegalArgumentException(
        key + "='" + value + "' is invalid: expected " + expected);
  }
}
