package io.brama.internal;

import io.brama.PolicyStatus;

/**
 * A failure policy's memory of one CLOSED generation: it records outcomes and says when to open.
 * Every policy has one ({@link PolicyRules#newTracker}); the state machine knows no policy by name.
 *
 * <p>An outcome reaches a tracker in two steps. {@link #record} runs exactly once per outcome,
 * before the state computation (which may be retried under contention): a tracker that keeps its
 * counts outside the state (a window) writes them there. {@link #after} runs inside the
 * computation and gives the tracker of the next CLOSED state: one that keeps its count in the
 * state (the consecutive count) computes it there, so that the count is swapped with the state.
 */
abstract class Tracker {
  /** The outcome changes nothing in the state: a success with nothing counted. */
  static final int QUIET = 0;
  /** The outcome must be computed into the state. */
  static final int COUNTED = 1;
  /** The outcome reached the policy's threshold: the circuit opens. */
  static final int OPENS = 2;

  /**
   * Records one CLOSED-state outcome, exactly once.
   *
   * @return {@link #QUIET}, {@link #COUNTED} or {@link #OPENS}
   */
  abstract int record(boolean failure, boolean slow, TimeSource time);

  /**
   * The tracker of the next CLOSED state after an outcome that {@code recordedOn.record} answered
   * with {@code verdict}; null when {@code recordedOn} no longer belongs to this state (the outcome
   * arrived as the generation moved on: a late answer).
   */
  abstract Tracker after(Tracker recordedOn, boolean failure, int verdict);

  /** Whether this tracker, reached through an outcome answered with {@code verdict}, opens. */
  abstract boolean opens(int verdict);

  /** Why the circuit opens, given the failure that made it open (or null). */
  abstract Object openReason(long now, Object failureReason);

  /** An empty tracker of the same policy (a new generation, or a reset). */
  abstract Tracker fresh();

  /** Whether a success changes nothing here (the success fast path's test). */
  abstract boolean successIsQuiet();

  /** What this tracker has counted, as the status shows it. */
  abstract PolicyStatus status(long now);

  /** The consecutive failures counted (0 for policies that do not count in a row). */
  int consecutiveFailures() {
    return 0;
  }

  /**
   * The tracker that carries on under {@code next} settings: the same counts when the policy kept
   * its kind and thresholds allow it, else a fresh one of the new policy.
   */
  abstract Tracker reconfigured(Settings next);

  /** Whether what is counted already reaches the threshold (after a reconfiguration). */
  boolean reached() {
    return false;
  }
}
