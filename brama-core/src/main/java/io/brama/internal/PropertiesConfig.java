package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.ExpiryStrategy;
import io.brama.internal.PropertyValues.Kind;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
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
  /** Every key, with the kind of value it takes. */
  static final Map<String, Kind> KINDS = Map.ofEntries(
      Map.entry(MAX_ATTEMPTS, Kind.WHOLE_NUMBER),
      Map.entry(EXPIRY, Kind.DURATION),
      Map.entry(EXPIRY_STRATEGY, Kind.WORD),
      Map.entry(INITIAL_EXPIRY, Kind.DURATION),
      Map.entry(MAX_EXPIRY, Kind.DURATION),
      Map.entry(BACKOFF_FACTOR, Kind.NUMBER),
      Map.entry(CLEANUP_INTERVAL, Kind.DURATION),
      Map.entry(HALF_OPEN_TRIALS, Kind.WHOLE_NUMBER),
      Map.entry(EXPIRY_JITTER, Kind.NUMBER),
      Map.entry(PolicyProperties.FAILURE_POLICY, Kind.WORD),
      Map.entry(PolicyProperties.FAILURE_RATE, Kind.NUMBER),
      Map.entry(PolicyProperties.WINDOW_SIZE, Kind.WHOLE_NUMBER),
      Map.entry(PolicyProperties.WINDOW_DURATION, Kind.DURATION),
      Map.entry(PolicyProperties.MINIMUM_CALLS, Kind.WHOLE_NUMBER),
      Map.entry(PolicyProperties.SLOW_CALL_THRESHOLD, Kind.DURATION),
      Map.entry(PolicyProperties.SLOW_CALL_RATE, Kind.NUMBER),
      Map.entry(PolicyProperties.RECORD_EXCEPTIONS, Kind.TYPES),
      Map.entry(PolicyProperties.IGNORE_EXCEPTIONS, Kind.TYPES),
      Map.entry(PolicyProperties.CALL_TIMEOUT, Kind.DURATION));
  private static final double DEFAULT_BACKOFF_FACTOR = 2.0;
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  private PropertiesConfig() {}

  /** Applies every {@code brama.*} key of {@code properties} to {@code builder}. */
  public static BramaConfig.Builder read(Properties properties, BramaConfig.Builder builder) {
    Map<String, String> values = PropertyValues.read(properties, KINDS);
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
        ExpiryStrategy fixed = applied(EXPIRY, values.getOrDefault(EXPIRY, v.toString()),
            () -> ExpiryStrategy.fixed(v));
        // the jitter outside applied(EXPIRY, ...): its own errors name brama.expiry-jitter
        builder.expiryStrategy(jittered(values, fixed));
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
    return applied(EXPIRY_JITTER, raw, () -> strategy.withJitter(fraction));
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
    applied(key, value, () -> {
      setter.run();
      return null;
    });
  }

  /** The result of {@code action}; its IllegalArgumentException, prefixed with the key and value. */
  static <T> T applied(String key, String value, Supplier<T> action) {
    try {
      return action.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + "='" + value + "' is invalid: " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException bad(String key, String value, String expected) {
    return new IllegalArgumentException(
        key + "='" + value + "' is invalid: expected " + expected);
  }
}
