package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.ConnectionConfig;
import io.brama.ExpiryStrategy;
import io.brama.FailurePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The circuit settings, each one optional (null: not set), behind both {@link BramaConfig} (where
 * every value is set, from {@link #DEFAULTS}) and {@link ConnectionConfig} (where only the
 * overrides are). Merged with {@link #over} (a merged value may hold an inherited slow-call rule
 * beside an own consecutive policy: {@link Settings} leaves such a rule out); built and validated by
 * {@link Draft}, the one place that checks each value a user sets. Engine-wide settings (the sweeper's interval) are not circuit settings.
 */
public record ConfigValues(
    FailurePolicy failurePolicy,
    ExpiryStrategy expiryStrategy,
    Integer halfOpenTrials,
    SlowCallRule slowCall,
    List<Class<? extends Throwable>> recordExceptions,
    List<Class<? extends Throwable>> ignoreExceptions,
    Duration callTimeout) {

  /** Nothing set. */
  public static final ConfigValues NONE = new ConfigValues(null, null, null, null, null, null, null);

  /** Every value set to its default, from {@link ConfigKey}'s table. */
  public static final ConfigValues DEFAULTS = new ConfigValues(
      FailurePolicy.consecutive(ConfigKey.MAX_ATTEMPTS.intDefault()),
      ExpiryStrategy.fixed(ConfigKey.EXPIRY.durationDefault()),
      ConfigKey.HALF_OPEN_TRIALS.intDefault(), null, List.of(), List.of(), null);

  /** The values of a connection's overrides (unset ones null). */
  public static ConfigValues of(ConnectionConfig c) {
    return new ConfigValues(c.failurePolicy().orElse(null), c.expiryStrategy().orElse(null),
        c.halfOpenTrials().isPresent() ? c.halfOpenTrials().getAsInt() : null,
        slowCall(c.slowCallThreshold(), c.slowCallRatePercent()),
        c.recordExceptions().orElse(null), c.ignoreExceptions().orElse(null),
        c.callTimeout().orElse(null));
  }

  /** The values of the global defaults (every one set but the optional ones). */
  public static ConfigValues of(BramaConfig c) {
    return new ConfigValues(c.failurePolicy(), c.expiryStrategy(), c.halfOpenTrials(),
        slowCall(c.slowCallThreshold(), c.slowCallRatePercent()), c.recordExceptions(),
        c.ignoreExceptions(), c.callTimeout().orElse(null));
  }

  private static SlowCallRule slowCall(Optional<Duration> threshold, double ratePercent) {
    return threshold.map(t -> new SlowCallRule(t, ratePercent)).orElse(null);
  }

  /** These values, each unset one taken from {@code base}. */
  public ConfigValues over(ConfigValues base) {
    return new ConfigValues(
        failurePolicy != null ? failurePolicy : base.failurePolicy,
        expiryStrategy != null ? expiryStrategy : base.expiryStrategy,
        halfOpenTrials != null ? halfOpenTrials : base.halfOpenTrials,
        slowCall != null ? slowCall : base.slowCall,
        recordExceptions != null ? recordExceptions : base.recordExceptions,
        ignoreExceptions != null ? ignoreExceptions : base.ignoreExceptions,
        callTimeout != null ? callTimeout : base.callTimeout);
  }

  /** The consecutive threshold of the policy; 0 for another policy or none. */
  public int maxAttempts() {
    return failurePolicy == null ? 0 : ((PolicyRules) failurePolicy).consecutiveThreshold();
  }

  static boolean countsSlowCalls(FailurePolicy policy) {
    // Sealed: every FailurePolicy is one of core's policies, each with its rules.
    return ((PolicyRules) policy).countsSlowCalls();
  }

  /** The one wording of "a slow-call rule needs a rate policy"; {@code was} says what it met. */
  static IllegalArgumentException needsRatePolicy(String was) {
    return new IllegalArgumentException("slowCall needs a rate policy (FailurePolicy.rate or "
        + "timedRate), was " + was);
  }

  /** The set values, {@code maxAttempts=3, halfOpenTrials=2}; unset and empty ones left out. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    append(sb, maxAttempts() > 0 ? "maxAttempts" : "failurePolicy",
        maxAttempts() > 0 ? maxAttempts() : failurePolicy);
    append(sb, "expiryStrategy", expiryStrategy);
    append(sb, "halfOpenTrials", halfOpenTrials);
    append(sb, "slowCall", slowCall);
    append(sb, "recordExceptions", recordExceptions);
    append(sb, "ignoreExceptions", ignoreExceptions);
    append(sb, "callTimeout", callTimeout);
    return sb.toString();
  }

  private static void append(StringBuilder sb, String name, Object value) {
    if (value == null || value instanceof List<?> l && l.isEmpty()) {
      return;
    }
    sb.append(sb.length() == 0 ? "" : ", ").append(name).append('=').append(value);
  }

  /** The values being built: every setter validates at once, with the field's name. */
  public static final class Draft {
    private FailurePolicy failurePolicy;
    private ExpiryStrategy expiryStrategy;
    private Integer halfOpenTrials;
    private SlowCallRule slowCall;
    private List<Class<? extends Throwable>> recordExceptions;
    private List<Class<? extends Throwable>> ignoreExceptions;
    private Duration callTimeout;

    /** A draft holding {@code start}'s values. */
    public Draft(ConfigValues start) {
      failurePolicy = start.failurePolicy;
      expiryStrategy = start.expiryStrategy;
      halfOpenTrials = start.halfOpenTrials;
      slowCall = start.slowCall;
      recordExceptions = start.recordExceptions;
      ignoreExceptions = start.ignoreExceptions;
      callTimeout = start.callTimeout;
    }

    public void failurePolicy(FailurePolicy policy) {
      this.failurePolicy = Require.notNull(policy, "failurePolicy");
    }

    public void slowCall(Duration threshold, double slowRatePercent) {
      this.slowCall = new SlowCallRule(threshold, slowRatePercent);
    }

    @SafeVarargs
    public final void recordExceptions(Class<? extends Throwable>... types) {
      this.recordExceptions = ExceptionTypes.copy("recordExceptions", types);
    }

    @SafeVarargs
    public final void ignoreExceptions(Class<? extends Throwable>... types) {
      this.ignoreExceptions = ExceptionTypes.copy("ignoreExceptions", types);
    }

    public void callTimeout(Duration timeout) {
      this.callTimeout = Require.positive(timeout, "callTimeout");
    }

    public void expiryStrategy(ExpiryStrategy strategy) {
      this.expiryStrategy = Require.notNull(strategy, "expiryStrategy");
    }

    public void halfOpenTrials(int trials) {
      this.halfOpenTrials = Require.atLeast(trials, 1, "halfOpenTrials");
    }

    /**
     * The values.
     *
     * @throws IllegalArgumentException if the slow-call rule meets a policy that counts none
     */
    public ConfigValues values() {
      if (slowCall != null && failurePolicy != null && !countsSlowCalls(failurePolicy)) {
        throw needsRatePolicy("configured with " + failurePolicy);
      }
      return new ConfigValues(failurePolicy, expiryStrategy, halfOpenTrials, slowCall,
          recordExceptions, ignoreExceptions, callTimeout);
    }
  }
}
