package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.ConnectionConfig;
import io.brama.ExpiryStrategy;
import io.brama.FailurePolicy;
import io.brama.Outcome;
import java.time.Duration;
import java.util.List;

/**
 * A connection's effective configuration: its overrides applied over the global defaults.
 *
 * <p>The slow-call rule in force is the first found of: the connection's own {@code slowCall} (set
 * by a {@code ConnectionConfig} at registration or by {@code configure}); then, when the connection
 * has its own policy, the rule that policy carries ({@code rate(...).slowCalls(...)}) before the
 * defaults' {@code slowCall}, and when it inherits the defaults' policy, the defaults'
 * {@code slowCall} before that policy's rule: a {@code slowCall} set beside a policy wins over the
 * policy's own. The own one needs a policy that counts slow calls; the inherited one applies only
 * under such a policy, so that a connection can choose {@code maxAttempts(n)} under defaults that
 * time calls.
 */
public final class Settings {
  final FailurePolicy failurePolicy;
  final PolicyRules policy;
  final ExpiryStrategy expiryStrategy;
  final int halfOpenTrials;
  /** The slow-call rule in force, or null. */
  final SlowCallRule slowCalls;
  /** Calls slower than this are slow; {@link Nanos#NONE} when slow calls are not measured. */
  final long slowCallNanos;
  final List<Class<? extends Throwable>> recordExceptions;
  final List<Class<? extends Throwable>> ignoreExceptions;
  /** {@link Nanos#NONE} without a timeout. */
  final long callTimeoutNanos;
  /** Whether the policy is the defaults' (for messages). */
  private final boolean policyFromDefaults;
  /** The slowCall the connection set itself, or null. */
  private final SlowCallRule ownSlowCall;
  /** The defaults' slowCall, or null. */
  private final SlowCallRule inheritedSlowCall;
  /** The policy's empty tracker when one serves every generation, else null. */
  private final Tracker sharedTracker;

  private Settings(FailurePolicy failurePolicy, boolean policyFromDefaults,
      ExpiryStrategy expiryStrategy, int halfOpenTrials, SlowCallRule own, SlowCallRule inherited,
      List<Class<? extends Throwable>> record, List<Class<? extends Throwable>> ignore,
      Duration callTimeout) {
    // Sealed: every FailurePolicy is one of core's policies, each with its rules.
    PolicyRules rules = (PolicyRules) failurePolicy;
    if (own != null && !rules.countsSlowCalls()) {
      throw new IllegalArgumentException("slowCall needs a rate policy (FailurePolicy.rate or "
          + "timedRate), was set on this connection (" + own + ") with " + failurePolicy
          + (policyFromDefaults ? " (from the defaults)" : ""));
    }
    this.failurePolicy = failurePolicy;
    this.policy = rules;
    this.policyFromDefaults = policyFromDefaults;
    this.expiryStrategy = expiryStrategy;
    this.halfOpenTrials = halfOpenTrials;
    this.ownSlowCall = own;
    this.inheritedSlowCall = inherited;
    this.slowCalls = !rules.countsSlowCalls() ? null : own != null ? own
        : policyFromDefaults ? first(inherited, rules.slowCalls())
        : first(rules.slowCalls(), inherited);
    this.slowCallNanos = slowCalls == null ? Nanos.NONE : Nanos.of(slowCalls.threshold());
    this.recordExceptions = record;
    this.ignoreExceptions = ignore;
    this.callTimeoutNanos = callTimeout == null ? Nanos.NONE : Nanos.of(callTimeout);
    this.sharedTracker = rules.sharesEmptyTracker() ? rules.newTracker(null) : null;
  }

  /** The global defaults. */
  public static Settings of(BramaConfig c) {
    SlowCallRule slow = c.slowCallThreshold()
        .map(t -> new SlowCallRule(t, c.slowCallRatePercent())).orElse(null);
    return new Settings(c.failurePolicy(), true, c.expiryStrategy(), c.halfOpenTrials(), null,
        slow, c.recordExceptions(), c.ignoreExceptions(), c.callTimeout().orElse(null));
  }

  /**
   * These settings with every value that {@code overrides} sets replaced. A slowCall that
   * {@code overrides} sets becomes the connection's own.
   *
   * @throws IllegalArgumentException if the connection's own slowCall would meet a policy that
   *     does not count slow calls
   */
  public Settings with(ConnectionConfig o) {
    SlowCallRule own = o.slowCallThreshold()
        .map(t -> new SlowCallRule(t, o.slowCallRatePercent())).orElse(ownSlowCall);
    return new Settings(
        o.failurePolicy().orElse(failurePolicy),
        o.failurePolicy().isEmpty() && policyFromDefaults,
        o.expiryStrategy().orElse(expiryStrategy),
        o.halfOpenTrials().orElse(halfOpenTrials),
        own,
        inheritedSlowCall,
        o.recordExceptions().orElse(recordExceptions),
        o.ignoreExceptions().orElse(ignoreExceptions),
        o.callTimeout().orElse(callTimeoutNanos == Nanos.NONE ? null
            : Duration.ofNanos(callTimeoutNanos)));
  }

  private static SlowCallRule first(SlowCallRule a, SlowCallRule b) {
    return a != null ? a : b;
  }

  /** An empty tracker of the policy, for a new CLOSED generation. */
  Tracker newTracker() {
    Tracker shared = sharedTracker;
    return shared != null ? shared : policy.newTracker(slowCalls);
  }

  /** The consecutive threshold ({@code ConnectionStatus.maxAttempts()}); 0 under other policies. */
  int maxAttempts() {
    return policy.consecutiveThreshold();
  }

  boolean measuresSlowCalls() {
    return slowCallNanos != Nanos.NONE;
  }

  /** Whether a call that took {@code elapsedNanos} ({@link Nanos#NONE}: unknown) is slow. */
  boolean isSlow(long elapsedNanos) {
    return elapsedNanos != Nanos.NONE && slowCallNanos != Nanos.NONE
        && elapsedNanos > slowCallNanos;
  }

  /** The exception rules of the default error handler (see the README's table) for an error. */
  Outcome classify(Throwable error) {
    return switch (verdict(error)) {
      case FAILURE -> Outcome.failure(error);
      case IGNORE -> Outcome.ignore();
      default -> Outcome.success();
    };
  }

  /** What {@link #classify} decides, without making an {@link Outcome} (the call path's form). */
  Outcome.Kind verdict(Throwable error) {
    if (matches(ignoreExceptions, error)) {
      return Outcome.Kind.IGNORE;
    }
    if (recordExceptions.isEmpty() || matches(recordExceptions, error)) {
      return Outcome.Kind.FAILURE;
    }
    return Outcome.Kind.SUCCESS;
  }

  private static boolean matches(List<Class<? extends Throwable>> types, Throwable error) {
    for (int i = 0; i < types.size(); i++) { // indexed: no iterator on the failure path
      if (types.get(i).isInstance(error)) {
        return true;
      }
    }
    return false;
  }
}
