package io.brama.spring;

import io.brama.BramaConfig;
import io.brama.ConnectionConfig;
import io.brama.ExpiryStrategy;
import io.brama.FailurePolicy;
import io.brama.Registration;
import io.brama.spring.CircuitProperties.ExpiryStrategyKind;
import io.brama.spring.CircuitProperties.FailurePolicyKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Maps the bound properties onto the core's builders. The core validates every value and names the
 * field it rejects ({@code maxAttempts must be >= 1, was 0}); this class adds the property path
 * ({@code brama.connections[payment_api].max-attempts}) and the rules that span several
 * properties, and collects every problem instead of stopping at the first.
 */
final class ConfigMapping {
  /** Core field names (the first word of the core's messages) to property names. */
  private static final Map<String, String> PROPERTY_OF = Map.ofEntries(
      Map.entry("maxAttempts", "max-attempts"),
      Map.entry("failureRatePercent", "failure-rate-threshold"),
      Map.entry("windowSize", "window-size"),
      Map.entry("window", "window-duration"),
      Map.entry("minimumCalls", "minimum-calls"),
      Map.entry("threshold", "slow-call-threshold"),
      Map.entry("slowRatePercent", "slow-call-rate-threshold"),
      Map.entry("slowCall", "slow-call-threshold"),
      Map.entry("callTimeout", "call-timeout"),
      Map.entry("expiry", "expiry"),
      Map.entry("initialExpiry", "initial-expiry"),
      Map.entry("maxExpiry", "max-expiry"),
      Map.entry("backoffFactor", "backoff-factor"),
      Map.entry("fraction", "expiry-jitter"),
      Map.entry("halfOpenTrials", "half-open-trials"),
      Map.entry("cleanupInterval", "cleanup-interval"));
  private static final double DEFAULT_BACKOFF_FACTOR = 2.0;
  private static final double DEFAULT_SLOW_CALL_RATE = 100.0;

  private final List<String> problems = new ArrayList<>();

  private ConfigMapping() {}

  /** Every problem in {@code properties}, each naming its property; empty when all is well. */
  static List<String> problems(BramaProperties properties) {
    ConfigMapping mapping = new ConfigMapping();
    mapping.config(properties);
    properties.getConnections().forEach((id, c) -> mapping.registration(properties, id, c));
    return mapping.problems;
  }

  /** The defaults for every connection. */
  static BramaConfig toConfig(BramaProperties properties) {
    ConfigMapping mapping = new ConfigMapping();
    BramaConfig config = mapping.config(properties);
    mapping.failOnProblems();
    return config;
  }

  /** The connections to register, by id, in the order they were configured. */
  static Map<String, Registration> toRegistrations(BramaProperties properties) {
    ConfigMapping mapping = new ConfigMapping();
    Map<String, Registration> registrations = new LinkedHashMap<>();
    properties.getConnections().forEach((id, c) ->
        registrations.put(id, mapping.registration(properties, id, c)));
    mapping.failOnProblems();
    return registrations;
  }

  private void failOnProblems() {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid brama properties: "
          + String.join("; ", problems));
    }
  }

  private BramaConfig config(BramaProperties p) {
    ConnectionConfig.Builder circuit = ConnectionConfig.builder();
    circuit(p, "brama.", circuit);
    ConnectionConfig c = attempt("brama.", "failure-policy", circuit::build);
    if (c == null) {
      return BramaConfig.defaults();
    }
    BramaConfig.Builder b = BramaConfig.builder();
    c.failurePolicy().ifPresent(b::failurePolicy);
    c.expiryStrategy().ifPresent(b::expiryStrategy);
    c.halfOpenTrials().ifPresent(b::halfOpenTrials);
    c.slowCallThreshold().ifPresent(t -> b.slowCall(t, c.slowCallRatePercent()));
    c.recordExceptions().ifPresent(types -> b.recordExceptions(array(types)));
    c.ignoreExceptions().ifPresent(types -> b.ignoreExceptions(array(types)));
    c.callTimeout().ifPresent(b::callTimeout);
    if (p.getCleanupInterval() != null) {
      attempt("brama.", "cleanup-interval", () -> b.cleanupInterval(p.getCleanupInterval()));
    }
    BramaConfig config = attempt("brama.", "failure-policy", b::build);
    return config == null ? BramaConfig.defaults() : config;
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends Throwable>[] array(List<Class<? extends Throwable>> types) {
    return types.toArray(new Class[0]);
  }

  private Registration registration(CircuitProperties defaults, String id, ConnectionProperties c) {
    String prefix = "brama.connections[" + id + "].";
    ConnectionConfig.Builder b = ConnectionConfig.builder();
    CircuitProperties effective = Inheritance.of(defaults, c);
    circuit(effective, prefix, b);
    FailurePolicyKind kind = effective.getFailurePolicy() != null ? effective.getFailurePolicy()
        : defaults.getFailurePolicy();
    if (c.getSlowCallThreshold() != null
        && (kind == null || kind == FailurePolicyKind.CONSECUTIVE)) {
      problem(prefix, "slow-call-threshold", "needs a rate policy (failure-policy rate or "
          + "timed-rate, here or in brama.failure-policy)");
    }
    ConnectionConfig config = attempt(prefix, "failure-policy", b::build);
    Registration.Builder r = Registration.builder().type(c.getType()).scope(c.getScope())
        .config(config == null ? ConnectionConfig.empty() : config);
    if (c.getMetadata() != null) {
      attempt(prefix, "metadata", () -> r.metadata(c.getMetadata()));
    }
    return r.build();
  }

  private void circuit(CircuitProperties p, String prefix, ConnectionConfig.Builder t) {
    failurePolicy(p, prefix, t);
    expiry(p, prefix, t);
    if (p.getSlowCallThreshold() != null) {
      double rate = p.getSlowCallRateThreshold() == null ? DEFAULT_SLOW_CALL_RATE
          : p.getSlowCallRateThreshold();
      attempt(prefix, "slow-call-threshold", () -> t.slowCall(p.getSlowCallThreshold(), rate));
    } else if (p.getSlowCallRateThreshold() != null) {
      problem(prefix, "slow-call-rate-threshold", "needs slow-call-threshold");
    }
    Class<? extends Throwable>[] record = throwables(prefix, "record-exceptions",
        p.getRecordExceptions());
    if (record != null) {
      attempt(prefix, "record-exceptions", () -> t.recordExceptions(record));
    }
    Class<? extends Throwable>[] ignore = throwables(prefix, "ignore-exceptions",
        p.getIgnoreExceptions());
    if (ignore != null) {
      attempt(prefix, "ignore-exceptions", () -> t.ignoreExceptions(ignore));
    }
    if (p.getCallTimeout() != null) {
      attempt(prefix, "call-timeout", () -> t.callTimeout(p.getCallTimeout()));
    }
    if (p.getHalfOpenTrials() != null) {
      attempt(prefix, "half-open-trials", () -> t.halfOpenTrials(p.getHalfOpenTrials()));
    }
  }

  private void failurePolicy(CircuitProperties p, String prefix, ConnectionConfig.Builder t) {
    FailurePolicyKind kind = p.getFailurePolicy();
    if (kind == null || kind == FailurePolicyKind.CONSECUTIVE) {
      String needs = "applies only with failure-policy rate or timed-rate";
      forbid(prefix, "failure-rate-threshold", p.getFailureRateThreshold(), needs);
      forbid(prefix, "window-size", p.getWindowSize(), needs);
      forbid(prefix, "window-duration", p.getWindowDuration(), needs);
      forbid(prefix, "minimum-calls", p.getMinimumCalls(), needs);
      if (p.getMaxAttempts() != null) {
        attempt(prefix, "max-attempts",
            () -> t.failurePolicy(FailurePolicy.consecutive(p.getMaxAttempts())));
      }
      return;
    }
    String policy = kind == FailurePolicyKind.RATE ? "rate" : "timed-rate";
    forbid(prefix, "max-attempts", p.getMaxAttempts(),
        "applies only with failure-policy consecutive, was " + policy);
    Double rate = require(prefix, "failure-rate-threshold", p.getFailureRateThreshold(), policy);
    if (kind == FailurePolicyKind.RATE) {
      forbid(prefix, "window-duration", p.getWindowDuration(),
          "does not apply to failure-policy rate");
      Integer size = require(prefix, "window-size", p.getWindowSize(), policy);
      Integer min = p.getMinimumCalls() != null ? p.getMinimumCalls() : size;
      if (rate != null && size != null) {
        attempt(prefix, "failure-policy",
            () -> t.failurePolicy(FailurePolicy.rate(rate, size, min)));
      }
    } else {
      forbid(prefix, "window-size", p.getWindowSize(),
          "does not apply to failure-policy timed-rate");
      Duration window = require(prefix, "window-duration", p.getWindowDuration(), policy);
      Integer min = require(prefix, "minimum-calls", p.getMinimumCalls(), policy);
      if (rate != null && window != null && min != null) {
        attempt(prefix, "failure-policy",
            () -> t.failurePolicy(FailurePolicy.timedRate(rate, window, min)));
      }
    }
  }

  private void expiry(CircuitProperties p, String prefix, ConnectionConfig.Builder t) {
    if (p.getExpiryStrategy() == ExpiryStrategyKind.PROGRESSIVE) {
      forbid(prefix, "expiry", p.getExpiry(),
          "applies only with expiry-strategy fixed (use initial-expiry)");
      Duration initial = require(prefix, "initial-expiry", p.getInitialExpiry(), "progressive");
      Duration max = require(prefix, "max-expiry", p.getMaxExpiry(), "progressive");
      double factor = p.getBackoffFactor() == null ? DEFAULT_BACKOFF_FACTOR : p.getBackoffFactor();
      if (initial != null && max != null) {
        attempt(prefix, "expiry-strategy", () -> t.expiryStrategy(
            jittered(p, ExpiryStrategy.progressive(initial, max, factor))));
      }
      return;
    }
    String needs = "applies only with expiry-strategy progressive";
    forbid(prefix, "initial-expiry", p.getInitialExpiry(), needs);
    forbid(prefix, "max-expiry", p.getMaxExpiry(), needs);
    forbid(prefix, "backoff-factor", p.getBackoffFactor(), needs);
    Duration expiry = p.getExpiry();
    if (expiry == null) {
      if (p.getExpiryStrategy() == null && p.getExpiryJitter() == null) {
        return; // nothing about the expiry here: inherited
      }
      expiry = BramaConfig.defaults().expiry(); // fixed, without its period: the core's default
    }
    Duration fixed = expiry;
    attempt(prefix, "expiry",
        () -> t.expiryStrategy(jittered(p, ExpiryStrategy.fixed(fixed))));
  }

  private static ExpiryStrategy jittered(CircuitProperties p, ExpiryStrategy strategy) {
    return p.getExpiryJitter() == null ? strategy : strategy.withJitter(p.getExpiryJitter());
  }

  @SuppressWarnings("unchecked")
  private Class<? extends Throwable>[] throwables(String prefix, String key, List<Class<?>> types) {
    if (types == null) {
      return null;
    }
    for (Class<?> type : types) {
      if (type == null || !Throwable.class.isAssignableFrom(type)) {
        problem(prefix, key, "must name Throwable types, was " + types);
        return null;
      }
    }
    return types.toArray(new Class[0]);
  }

  private void forbid(String prefix, String key, Object value, String rule) {
    if (value != null) {
      problem(prefix, key, rule + " (was " + value + ")");
    }
  }

  private <T> T require(String prefix, String key, T value, String policy) {
    if (value == null) {
      problem(prefix, key, "is required with " + policy);
    }
    return value;
  }

  private void attempt(String prefix, String key, Runnable action) {
    attempt(prefix, key, () -> {
      action.run();
      return null;
    });
  }

  /** Runs a core call; its IllegalArgumentException becomes a problem of the property it names. */
  private <T> T attempt(String prefix, String key, Supplier<T> action) {
    try {
      return action.get();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      int space = message.indexOf(' ');
      String named = PROPERTY_OF.get(space < 0 ? message : message.substring(0, space));
      problem(prefix, named != null ? named : key, message);
      return null;
    }
  }

  private void problem(String prefix, String key, String message) {
    problems.add(prefix + key + ": " + message);
  }
}
