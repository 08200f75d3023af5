package io.brama.internal;

import io.brama.WindowStatus;
import java.util.Locale;

/**
 * The recent calls a rate policy decides from. One per CLOSED generation; written by every recorded
 * call without locks (so counts are exact when calls do not race, and never lost when they do).
 */
abstract class FailureWindow {
  private final double failureRatePercent;
  private final double slowCallRatePercent;
  private final int minimumCalls;

  FailureWindow(RatePolicy policy, double slowCallRatePercent) {
    this.failureRatePercent = policy.failureRatePercent();
    this.slowCallRatePercent = slowCallRatePercent;
    this.minimumCalls = policy.minimumCalls();
  }

  /**
   * Records one completed call at {@code now}.
   *
   * @return whether the window's rates now reach a threshold (the circuit should open)
   */
  abstract boolean record(boolean failure, boolean slow, long now);

  /** The counts at {@code now}. */
  abstract WindowStatus status(long now);

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
    WindowStatus s = status(now);
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
