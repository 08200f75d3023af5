package io.brama.internal;

import io.brama.PolicyStatus;

/** The rules the rate policies share: a window per generation, slow calls counted, no threshold. */
interface WindowRules extends PolicyRules {
  @Override
  default PolicyStatus emptyStatus() {
    return FailureWindow.status(0, 0, 0);
  }

  @Override
  default boolean sharesEmptyTracker() {
    return false; // a window is mutable: one per generation
  }

  @Override
  default boolean countsSlowCalls() {
    return true;
  }

  @Override
  default int consecutiveThreshold() {
    return 0;
  }
}
