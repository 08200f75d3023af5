package io.brama.internal;

import io.brama.CallCounts;
import java.util.concurrent.atomic.LongAdder;

/**
 * One connection's call counts, in striped counters so that two threads never contend on one
 * cache line. Present only when the Brama counts calls; the hot path tests for null first.
 */
final class CallCounters {
  private final LongAdder successes = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder ignored = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder slow = new LongAdder();

  void success() {
    successes.increment();
  }

  void outcome(boolean success, boolean wasSlow) {
    (success ? successes : failures).increment();
    if (wasSlow) {
      slow.increment();
    }
  }

  void ignored() {
    ignored.increment();
  }

  void rejected() {
    rejected.increment();
  }

  CallCounts snapshot() {
    return new CallCounts(successes.sum(), failures.sum(), ignored.sum(), rejected.sum(),
        slow.sum());
  }
}
