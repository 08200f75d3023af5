package io.brama.internal;

/** What every {@link io.brama.FailurePolicy} tells the engine; each implementation has these. */
public interface PolicyRules {
  /**
   * An empty tracker for a new CLOSED generation.
   *
   * @param slowCalls the slow-call rule in force, or null
   */
  Tracker newTracker(SlowCallRule slowCalls);

  /** Whether one empty tracker may serve every generation (it is immutable). */
  boolean sharesEmptyTracker();

  /** What the status shows while nothing is counted (OPEN, HALF_OPEN). */
  io.brama.PolicyStatus emptyStatus();

  /** The slow-call rule the policy carries itself, or null. */
  SlowCallRule slowCalls();

  /** Whether the policy counts slow calls (a slow-call rule needs one that does). */
  boolean countsSlowCalls();

  /** The consecutive threshold, for {@code ConnectionStatus.maxAttempts()}: 0 when not counted so. */
  int consecutiveThreshold();
}
