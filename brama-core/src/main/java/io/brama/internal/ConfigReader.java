package io.brama.internal;

import static io.brama.internal.ConfigKey.BACKOFF_FACTOR;
import static io.brama.internal.ConfigKey.CALL_TIMEOUT;
import static io.brama.internal.ConfigKey.CLEANUP_INTERVAL;
import static io.brama.internal.ConfigKey.EXPIRY;
import static io.brama.internal.ConfigKey.EXPIRY_JITTER;
import static io.brama.internal.ConfigKey.EXPIRY_STRATEGY;
import static io.brama.internal.ConfigKey.FAILURE_POLICY;
import static io.brama.internal.ConfigKey.FAILURE_RATE_THRESHOLD;
import static io.brama.internal.ConfigKey.HALF_OPEN_TRIALS;
import static io.brama.internal.ConfigKey.IGNORE_EXCEPTIONS;
import static io.brama.internal.ConfigKey.INITIAL_EXPIRY;
import static io.brama.internal.ConfigKey.MAX_ATTEMPTS;
import static io.brama.internal.ConfigKey.MAX_EXPIRY;
import static io.brama.internal.ConfigKey.MINIMUM_CALLS;
import static io.brama.internal.ConfigKey.RECORD_EXCEPTIONS;
import static io.brama.internal.ConfigKey.SLOW_CALL_RATE_THRESHOLD;
import static io.brama.internal.ConfigKey.SLOW_CALL_THRESHOLD;
import static io.brama.internal.ConfigKey.WINDOW_DURATION;
import static io.brama.internal.ConfigKey.WINDOW_SIZE;

import io.brama.ExpiryStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads values by key ({@link ConfigKey}) into circuit settings, collecting every problem with the
 * key it concerns. A key is named in messages as the caller names it ({@code brama.max-attempts},
 * {@code brama.connections[payment_api].max-attempts}), so messages never need parsing. A value
 * combined from several keys (a policy, a strategy) is checked key by key first, so each problem
 * names the key that holds it.
 */
public final class ConfigReader {
  /** One problem: the key it concerns and a message that starts with the key's name. */
  public record Problem(ConfigKey key, String message, Throwable cause) {}

  /** What a reading found: the values it could read, the engine-wide interval, the problems. */
  public record Result(ConfigValues values, Duration cleanupInterval, List<Problem> problems) {}

  private final Map<ConfigKey, Object> values;
  private final Function<ConfigKey, String> names;
  /** The defaults' failure policy word for a connection (null for the defaults themselves). */
  private final String inheritedPolicy;
  private final boolean connection;
  private final ConfigValues.Draft draft = new ConfigValues.Draft(ConfigValues.NONE);
  private final List<Problem> problems = new ArrayList<>();
  private Duration cleanupInterval;

  private ConfigReader(Map<ConfigKey, Object> values, Function<ConfigKey, String> names,
      String inheritedPolicy, boolean connection) {
    this.values = values;
    this.names = names;
    this.inheritedPolicy = inheritedPolicy;
    this.connection = connection;
  }

  /** Reads the global defaults' keys; {@code names} names a key in messages. */
  public static Result readDefaults(Map<ConfigKey, Object> values,
      Function<ConfigKey, String> names) {
    return new ConfigReader(values, names, null, false).read();
  }

  /**
   * Reads one connection's keys over the defaults' keys: a group it sets in part takes the rest
   * from the defaults ({@link ConfigInheritance}); the result holds only what the connection sets.
   */
  public static Result readConnection(Map<ConfigKey, Object> values,
      Map<ConfigKey, Object> defaults, Function<ConfigKey, String> names) {
    Object policy = defaults.get(FAILURE_POLICY);
    String inherited = policy == null ? null : quietWord(policy);
    return new ConfigReader(ConfigInheritance.of(values, defaults), names, inherited, true).read();
  }

  private Result read() {
    if (connection && has(CLEANUP_INTERVAL)) {
      problem(CLEANUP_INTERVAL, "='" + raw(CLEANUP_INTERVAL) + "' applies to the whole Brama, "
          + "not to one connection");
    }
    new PolicyReading(this).read();
    readExpiry();
    Integer trials = parsed(HALF_OPEN_TRIALS, ConfigText::wholeNumber);
    if (trials != null) {
      apply(HALF_OPEN_TRIALS, () -> draft.halfOpenTrials(trials));
    }
    Duration interval = connection ? null : parsed(CLEANUP_INTERVAL, ConfigText::duration);
    if (interval != null) {
      cleanupInterval = check(CLEANUP_INTERVAL,
          () -> Require.positive(interval, "cleanupInterval"));
    }
    readSlowCall();
    Class<? extends Throwable>[] record = parsed(RECORD_EXCEPTIONS, ConfigText::types);
    if (record != null) {
      apply(RECORD_EXCEPTIONS, () -> draft.recordExceptions(record));
    }
    Class<? extends Throwable>[] ignore = parsed(IGNORE_EXCEPTIONS, ConfigText::types);
    if (ignore != null) {
      apply(IGNORE_EXCEPTIONS, () -> draft.ignoreExceptions(ignore));
    }
    Duration timeout = parsed(CALL_TIMEOUT, ConfigText::duration);
    if (timeout != null) {
      apply(CALL_TIMEOUT, () -> draft.callTimeout(timeout));
    }
    ConfigValues read = check(SLOW_CALL_THRESHOLD, draft::values); // the checks above see to it
    return new Result(read != null ? read : ConfigValues.NONE, cleanupInterval,
        List.copyOf(problems));
  }

  private void readExpiry() {
    if (!has(EXPIRY) && !has(EXPIRY_STRATEGY) && !has(INITIAL_EXPIRY) && !has(MAX_EXPIRY)
        && !has(BACKOFF_FACTOR) && !has(EXPIRY_JITTER)) {
      return; // nothing about the expiry: the defaults' (or the table's) stays
    }
    String strategy = has(EXPIRY_STRATEGY) ? parsed(EXPIRY_STRATEGY, ConfigText::word) : "fixed";
    if (strategy == null) {
      return;
    }
    switch (strategy) {
      case "fixed" -> {
        for (ConfigKey key : List.of(INITIAL_EXPIRY, MAX_EXPIRY, BACKOFF_FACTOR)) {
          if (has(key)) {
            problem(key, " applies only with " + name(EXPIRY_STRATEGY) + "=progressive, was set "
                + "to '" + raw(key) + "' with strategy '" + strategy + "'");
          }
        }
        Duration expiry = has(EXPIRY) ? parsed(EXPIRY, ConfigText::duration)
            : EXPIRY.durationDefault();
        ExpiryStrategy fixed = expiry == null ? null
            : check(EXPIRY, () -> ExpiryStrategy.fixed(expiry));
        jittered(fixed);
      }
      case "progressive" -> readProgressive();
      default -> problem(EXPIRY_STRATEGY, " must be 'fixed' or 'progressive', was '" + strategy
          + "'");
    }
  }

  private void readProgressive() {
    if (has(EXPIRY)) {
      problem(EXPIRY, " applies only with " + name(EXPIRY_STRATEGY) + "=fixed (use "
          + name(INITIAL_EXPIRY) + "), was '" + raw(EXPIRY) + "'");
    }
    String when = name(EXPIRY_STRATEGY) + "=progressive";
    Duration initial = required(INITIAL_EXPIRY, when, ConfigText::duration);
    Duration max = required(MAX_EXPIRY, when, ConfigText::duration);
    Double factor = has(BACKOFF_FACTOR) ? parsed(BACKOFF_FACTOR, ConfigText::number)
        : BACKOFF_FACTOR.doubleDefault();
    // each part checked on its own, so that every bad part is named at once
    boolean initialValid = initial != null
        && check(INITIAL_EXPIRY, () -> Require.positive(initial, "initialExpiry")) != null;
    boolean maxValid = max != null
        && check(MAX_EXPIRY, () -> Require.positive(max, "maxExpiry")) != null;
    boolean factorValid = factor != null && (!has(BACKOFF_FACTOR)
        || check(BACKOFF_FACTOR, () -> Require.atLeast(factor, 1.0, "backoffFactor")) != null);
    if (!initialValid || !maxValid || !factorValid
        || !apply(MAX_EXPIRY, () -> Require.argument(max.compareTo(initial) >= 0,
            "maxExpiry must be >= initialExpiry (" + initial + "), was " + max))) {
      return;
    }
    jittered(ExpiryStrategy.progressive(initial, max, factor));
  }

  private void jittered(ExpiryStrategy strategy) {
    if (strategy == null) {
      return;
    }
    Double fraction = parsed(EXPIRY_JITTER, ConfigText::number);
    if (fraction == null && has(EXPIRY_JITTER)) {
      return;
    }
    ExpiryStrategy s = fraction == null ? strategy
        : check(EXPIRY_JITTER, () -> strategy.withJitter(fraction));
    if (s != null) {
      draft.expiryStrategy(s);
    }
  }

  private void readSlowCall() {
    if (!has(SLOW_CALL_THRESHOLD)) {
      if (has(SLOW_CALL_RATE_THRESHOLD)) {
        problem(SLOW_CALL_RATE_THRESHOLD, "='" + raw(SLOW_CALL_RATE_THRESHOLD) + "' needs "
            + name(SLOW_CALL_THRESHOLD));
      }
      return;
    }
    String policy = has(FAILURE_POLICY) ? quietWord(values.get(FAILURE_POLICY))
        : has(MAX_ATTEMPTS) || inheritedPolicy == null ? "consecutive" : inheritedPolicy;
    if ("consecutive".equals(policy)) {
      problem(SLOW_CALL_THRESHOLD, "='" + raw(SLOW_CALL_THRESHOLD) + "' needs a rate policy ("
          + name(FAILURE_POLICY) + "=rate or timed-rate), was " + policy);
      return;
    }
    Duration threshold = parsed(SLOW_CALL_THRESHOLD, ConfigText::duration);
    Double rate = has(SLOW_CALL_RATE_THRESHOLD)
        ? parsed(SLOW_CALL_RATE_THRESHOLD, ConfigText::number)
        : SLOW_CALL_RATE_THRESHOLD.doubleDefault();
    if (threshold != null && rate != null
        && check(SLOW_CALL_THRESHOLD, () -> Require.positive(threshold, "threshold")) != null) {
      apply(SLOW_CALL_RATE_THRESHOLD, () -> draft.slowCall(threshold, rate));
    }
  }

  // ---- shared by the readings of groups ----

  boolean has(ConfigKey key) {
    return values.containsKey(key);
  }

  String name(ConfigKey key) {
    return names.apply(key);
  }

  ConfigValues.Draft draft() {
    return draft;
  }

  /** The value as given, or the table's default text when it is not given. */
  String raw(ConfigKey key) {
    Object v = values.get(key);
    return v == null ? key.defaultText() : ConfigText.raw(v);
  }

  /** The parsed value, or null when absent or refused (then a problem names the key). */
  <T> T parsed(ConfigKey key, BiFunction<String, Object, T> parser) {
    Object v = values.get(key);
    if (v == null) {
      return null;
    }
    try {
      return parser.apply(name(key), v);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(key, e.getMessage(), e));
      return null;
    }
  }

  /** {@link #parsed}, and a problem when the key is absent. */
  <T> T required(ConfigKey key, String when, BiFunction<String, Object, T> parser) {
    if (!has(key)) {
      problem(key, " is required when " + when + ", was not set");
      return null;
    }
    return parsed(key, parser);
  }

  /** Runs a setter; what it refuses becomes a problem of {@code key}, with the key's value. */
  boolean apply(ConfigKey key, Runnable setter) {
    return check(key, () -> {
      setter.run();
      return Boolean.TRUE;
    }) != null;
  }

  /** The action's result; null, and a problem of {@code key}, when it refuses the value. */
  <T> T check(ConfigKey key, Supplier<T> action) {
    try {
      return action.get();
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(key, name(key) + "='" + raw(key) + "' is invalid: "
          + e.getMessage(), e));
      return null;
    }
  }

  /** A problem of {@code key}; {@code rest} follows the key's name. */
  void problem(ConfigKey key, String rest) {
    problems.add(new Problem(key, name(key) + rest, null));
  }

  private static String quietWord(Object value) {
    try {
      return ConfigText.word(FAILURE_POLICY.key(), value).trim();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
