package io.brama.internal;

import io.brama.PolicyStatus;
import io.brama.WindowStatus;
import java.util.Locale;
import java.util.Objects;

/**
 * The recent calls a rate policy decides from: its {@link Tracker}. One per CLOSED generation;
 * written by every recorded call without locks (so counts are exact when calls do not race, and
 * never lost when they do). The counts live here, not in the state, so {@link #record} writes them
 * once per call and the state computation only learns the verdict.
 */
abstract class FailureWindow extends Tracker {
  private final PolicyRules policy;
  private final SlowCallRule slowCalls;
  private final double failureRatePercent;
  private final double slowCallRatePercent;
  private final int minimumCalls;

  FailureWindow(PolicyRules policy, double failureRatePercent, int minimumCalls,
      SlowCallRule slowCalls) {
    this.policy = policy;
    this.slowCalls = slowCalls;
    this.failureRatePercent = failureRatePercent;
    this.slowCallRatePercent = slowCalls == null ? 0 : slowCalls.ratePercent();
    this.minimumCalls = minimumCalls;
  }

  /**
   * Records one completed call at {@code now}.
   *
   * @return whether the window's rates now reach a threshold (the circuit should open)
   */
  abstract boolean record(boolean failure, boolean slow, long now);

  /** The counts at {@code now}. */
  abstract WindowStatus windowStatus(long now);

  @Override
  final int record(boolean failure, boolean slow, TimeSource time) {
    return record(failure, slow, time.coarse()) ? OPENS : failure ? COUNTED : QUIET;
  }

  @Override
  final Tracker after(Tracker recordedOn, boolean failure, int verdict) {
    return recordedOn == this ? this : null;
  }

  @Override
  final boolean opens(int verdict) {
    return verdict == OPENS;
  }

  @Override
  final Object openReason(long now, Object failureReason) {
    return reason(now);
  }

  @Override
  final Tracker fresh() {
    return policy.newTracker(slowCalls);
  }

  @Override
  final boolean successIsQuiet() {
    return false; // the call goes into the window
  }

  @Override
  final PolicyStatus status(long now) {
    return windowStatus(now);
  }

  @Override
  final Tracker reconfigured(Settings next) {
    return policy.equals(next.policy) && Objects.equals(slowCalls, next.slowCalls) ? this
        : next.newTracker();
  }

  /** Whether these counts open the circuit. */
  final boolean reaches(long calls, long failures, long slow) {
    if (calls < minimumCalls || calls == 0) {
      return false;
    }
    return failures * 100.0 >= failureRatePercent * calls
        || (slowCallRatePercent > 0 && slow * 100.0 >= slowCallRatePercent * calls);
  }

  /** Why the circuit opens, for the STATE_CHANGE event and the log. */
  final String reason(long now) {
    WindowStatus s = windowStatus(now);
    if (s.failureRatePercent() >= failureRatePercent) {
      return String.format(Locale.ROOT, "failure rate %.1f%% >= %.1f%% (%d of %d calls)",
          s.failureRatePercent(), failureRatePercent, s.failures(), s.calls());
    }
    return String.format(Locale.ROOT, "slow-call rate %.1f%% >= %.1f%% (%d of %d calls)",
        s.slowCallRatePercent(), slowCallRatePercent, s.slowCalls(), s.calls());
  }

  static WindowStatus status(long calls, long failures, long slow) {
    return new WindowStatus((int) calls, (int) failures, (int) slow,
        calls == 0 ? 0 : failures * 100.0 / calls, calls == 0 ? 0 : slow * 100.0 / calls);
  }
}
