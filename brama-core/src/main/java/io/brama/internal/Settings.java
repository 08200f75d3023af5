package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.ConnectionConfig;
import io.brama.ExpiryStrategy;
import io.brama.FailurePolicy;
import io.brama.Outcome;
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
  /** The global defaults, every value set. */
  private final ConfigValues defaults;
  /** What the connection set itself, at registration and by every {@code configure} since. */
  private final ConfigValues own;
  /** The policy's empty tracker when one serves every generation, else null. */
  private final Tracker sharedTracker;

  private Settings(ConfigValues defaults, ConfigValues own) {
    ConfigValues v = own.over(defaults);
    this.failurePolicy = v.failurePolicy();
    PolicyRules rules = (PolicyRules) failurePolicy; // sealed: each of core's policies has rules
    boolean policyFromDefaults = own.failurePolicy() == null;
    if (own.slowCall() != null && !rules.countsSlowCalls()) {
      throw ConfigValues.needsRatePolicy("set on this connection (" + own.slowCall() + ") with "
          + failurePolicy + (policyFromDefaults ? " (from the defaults)" : ""));
    }
    this.policy = rules;
    this.defaults = defaults;
    this.own = own;
    this.expiryStrategy = v.expiryStrategy();
    this.halfOpenTrials = v.halfOpenTrials();
    SlowCallRule inherited = defaults.slowCall();
    this.slowCalls = !rules.countsSlowCalls() ? null : own.slowCall() != null ? own.slowCall()
        : policyFromDefaults ? first(inherited, rules.slowCalls())
        : first(rules.slowCalls(), inherited);
    this.slowCallNanos = slowCalls == null ? Nanos.NONE : Nanos.of(slowCalls.threshold());
    this.recordExceptions = v.recordExceptions();
    this.ignoreExceptions = v.ignoreExceptions();
    this.callTimeoutNanos = v.callTimeout() == null ? Nanos.NONE : Nanos.of(v.callTimeout());
    this.sharedTracker = rules.sharesEmptyTracker() ? rules.newTracker(null) : null;
  }

  /** The global defaults. */
  public static Settings of(BramaConfig c) {
    return new Settings(ConfigValues.of(c), ConfigValues.NONE);
  }

  /**
   * These settings with every value that {@code overrides} sets replaced. A slowCall that
   * {@code overrides} sets becomes the connection's own.
   *
   * @throws IllegalArgumentException if the connection's own slowCall would meet a policy that
   *     does not count slow calls
   */
  public Settings with(ConnectionConfig overrides) {
    return with(ConfigValues.of(overrides));
  }

  /** {@link #with(ConnectionConfig)} for values already read. */
  Settings with(ConfigValues overrides) {
    return new Settings(defaults, overrides.over(own));
  }

  /**
   * Checks that {@code own} can be a connection's settings under {@code defaults}.
   *
   * @throws IllegalArgumentException as registering such a connection would
   */
  static void check(ConfigValues defaults, ConfigValues own) {
    new Settings(defaults, own);
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
