package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.FailurePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The failure-policy keys of {@code BramaConfig.fromProperties}. */
final class PolicyProperties {
  static final String FAILURE_POLICY = "brama.failure-policy";
  static final String FAILURE_RATE = "brama.failure-rate-threshold";
  static final String WINDOW_SIZE = "brama.window-size";
  static final String WINDOW_DURATION = "brama.window-duration";
  static final String MINIMUM_CALLS = "brama.minimum-calls";
  static final String SLOW_CALL_THRESHOLD = "brama.slow-call-threshold";
  static final String SLOW_CALL_RATE = "brama.slow-call-rate-threshold";
  static final String RECORD_EXCEPTIONS = "brama.record-exceptions";
  static final String IGNORE_EXCEPTIONS = "brama.ignore-exceptions";
  static final String CALL_TIMEOUT = "brama.call-timeout";
  private static final double DEFAULT_SLOW_CALL_RATE = 100.0;

  private PolicyProperties() {}

  static void read(Map<String, String> values, BramaConfig.Builder builder) {
    readPolicy(values, builder);
    if (values.containsKey(SLOW_CALL_THRESHOLD)) {
      String raw = values.get(SLOW_CALL_THRESHOLD);
      Duration threshold = PropertiesConfig.parseDuration(SLOW_CALL_THRESHOLD, raw);
      String rawRate = values.get(SLOW_CALL_RATE);
      double rate = rawRate == null ? DEFAULT_SLOW_CALL_RATE
          : PropertiesConfig.parseDouble(SLOW_CALL_RATE, rawRate);
      PropertiesConfig.apply(SLOW_CALL_THRESHOLD, raw,
          () -> Require.positive(threshold, "threshold"));
      PropertiesConfig.apply(SLOW_CALL_RATE, rawRate == null ? "100" : rawRate,
          () -> builder.slowCall(threshold, rate));
    } else if (values.containsKey(SLOW_CALL_RATE)) {
      throw new IllegalArgumentException(SLOW_CALL_RATE + "='" + values.get(SLOW_CALL_RATE)
          + "' needs " + SLOW_CALL_THRESHOLD);
    }
    if (values.containsKey(RECORD_EXCEPTIONS)) {
      builder.recordExceptions(types(RECORD_EXCEPTIONS, values.get(RECORD_EXCEPTIONS)));
    }
    if (values.containsKey(IGNORE_EXCEPTIONS)) {
      builder.ignoreExceptions(types(IGNORE_EXCEPTIONS, values.get(IGNORE_EXCEPTIONS)));
    }
    if (values.containsKey(CALL_TIMEOUT)) {
      String raw = values.get(CALL_TIMEOUT);
      Duration timeout = PropertiesConfig.parseDuration(CALL_TIMEOUT, raw);
      PropertiesConfig.apply(CALL_TIMEOUT, raw, () -> builder.callTimeout(timeout));
    }
  }

  private static void readPolicy(Map<String, String> values, BramaConfig.Builder builder) {
    String policy = values.getOrDefault(FAILURE_POLICY, "consecutive");
    switch (policy) {
      case "consecutive" -> {
        if (values.containsKey(SLOW_CALL_THRESHOLD)) { // named here, not by BramaConfig.build
          throw new IllegalArgumentException(SLOW_CALL_THRESHOLD + "='"
              + values.get(SLOW_CALL_THRESHOLD) + "' needs a rate policy (" + FAILURE_POLICY
              + "=rate or timed-rate), was " + policy);
        }
        for (String key : List.of(FAILURE_RATE, WINDOW_SIZE, WINDOW_DURATION, MINIMUM_CALLS)) {
          if (values.containsKey(key)) {
            throw new IllegalArgumentException(key + "='" + values.get(key) + "' applies only with "
                + FAILURE_POLICY + "=rate or timed-rate, was " + policy);
          }
        }
      }
      case "rate", "timed-rate" -> {
        if (values.containsKey(PropertiesConfig.MAX_ATTEMPTS)) {
          throw new IllegalArgumentException(PropertiesConfig.MAX_ATTEMPTS + "='"
              + values.get(PropertiesConfig.MAX_ATTEMPTS) + "' applies only with "
              + FAILURE_POLICY + "=consecutive, was " + policy);
        }
        String rawRate = PropertiesConfig.required(values, FAILURE_RATE, FAILURE_POLICY + "=" + policy);
        double rate = PropertiesConfig.parseDouble(FAILURE_RATE, rawRate);
        PropertiesConfig.apply(FAILURE_RATE, rawRate, () -> Require.percent(rate, "failureRatePercent"));
        if (policy.equals("rate")) {
          forbid(values, WINDOW_DURATION, policy);
          String rawSize = PropertiesConfig.required(values, WINDOW_SIZE, FAILURE_POLICY + "=rate");
          int size = PropertiesConfig.parseInt(WINDOW_SIZE, rawSize);
          PropertiesConfig.apply(WINDOW_SIZE, rawSize, () -> Require.between(size, 1,
              CountRatePolicy.MAX_WINDOW_SIZE, "windowSize"));
          String rawMin = values.getOrDefault(MINIMUM_CALLS, rawSize);
          int min = PropertiesConfig.parseInt(MINIMUM_CALLS, rawMin);
          PropertiesConfig.apply(MINIMUM_CALLS, rawMin,
              () -> builder.failurePolicy(FailurePolicy.rate(rate, size, min)));
        } else {
          forbid(values, WINDOW_SIZE, policy);
          String rawWindow = PropertiesConfig.required(values, WINDOW_DURATION,
              FAILURE_POLICY + "=timed-rate");
          Duration window = PropertiesConfig.parseDuration(WINDOW_DURATION, rawWindow);
          PropertiesConfig.apply(WINDOW_DURATION, rawWindow,
              () -> Require.atLeast(window, TimedRatePolicy.MIN_WINDOW, "window"));
          String rawMin = PropertiesConfig.required(values, MINIMUM_CALLS,
              FAILURE_POLICY + "=timed-rate");
          int min = PropertiesConfig.parseInt(MINIMUM_CALLS, rawMin);
          PropertiesConfig.apply(MINIMUM_CALLS, rawMin,
              () -> builder.failurePolicy(FailurePolicy.timedRate(rate, window, min)));
        }
      }
      default -> throw new IllegalArgumentException(FAILURE_POLICY
          + " must be 'consecutive', 'rate' or 'timed-rate', was '" + policy + "'");
    }
  }

  private static void forbid(Map<String, String> values, String key, String policy) {
    if (values.containsKey(key)) {
      throw new IllegalArgumentException(key + "='" + values.get(key) + "' does not apply to "
          + FAILURE_POLICY + "=" + policy);
    }
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends Throwable>[] types(String key, String raw) {
    List<Class<? extends Throwable>> types = new ArrayList<>();
    for (String name : raw.split(",")) {
      String n = name.trim();
      if (n.isEmpty()) {
        continue;
      }
      Class<?> c;
      try {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        c = Class.forName(n, false, loader != null ? loader : PolicyProperties.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalArgumentException(key + "='" + raw + "' is invalid: class " + n
            + " not found", e);
      }
      if (!Throwable.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException(key + "='" + raw + "' is invalid: " + n
            + " is not a Throwable");
      }
      types.add((Class<? extends Throwable>) c);
    }
    return types.toArray(new Class[0]);
  }
}
