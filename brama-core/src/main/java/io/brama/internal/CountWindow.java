package io.brama.internal;

import io.brama.WindowStatus;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last {@code windowSize} calls in a ring. The totals (calls, failures, slow calls) are packed in
 * one {@code long} of three 21-bit fields, so one atomic add keeps them consistent with each other.
 */
final class CountWindow extends FailureWindow {
  private static final int RECORDED = 1;
  private static final int FAILED = 2;
  private static final int SLOW = 4;
  private static final int FIELD = 21;
  private static final long MASK = (1L << FIELD) - 1;

  private final int size;
  private final AtomicIntegerArray ring;
  /** The slot the next call goes to; wraps without a division. */
  private final AtomicInteger cursor = new AtomicInteger();
  private final AtomicLong totals = new AtomicLong();

  CountWindow(CountRatePolicy policy, SlowCallRule slowCalls) {
    super(policy, policy.failureRatePercent(), policy.minimumCalls(), slowCalls);
    this.size = policy.windowSize();
    this.ring = new AtomicIntegerArray(size);
  }

  @Override
  boolean record(boolean failure, boolean slow, long now) {
    int entry = RECORDED | (failure ? FAILED : 0) | (slow ? SLOW : 0);
    int slot = nextSlot();
    // The healthy steady state: a success replacing a success changes nothing, so it writes
    // nothing. (Were the slot rewritten meanwhile, this call simply took effect first.)
    if (ring.get(slot) == entry) {
      return false; // unchanged totals cannot newly reach a threshold
    }
    int evicted = ring.getAndSet(slot, entry);
    long delta = packed(entry) - packed(evicted);
    if (delta == 0) {
      return false;
    }
    long t = totals.addAndGet(delta);
    return reaches(t & MASK, (t >>> FIELD) & MASK, (t >>> (2 * FIELD)) & MASK);
  }

  private int nextSlot() {
    for (;;) {
      int slot = cursor.get();
      int following = slot + 1 == size ? 0 : slot + 1;
      if (cursor.compareAndSet(slot, following)) {
        return slot;
      }
    }
  }

  @Override
  WindowStatus windowStatus(long now) {
    long t = totals.get();
    return status(t & MASK, (t >>> FIELD) & MASK, (t >>> (2 * FIELD)) & MASK);
  }

  private static long packed(int entry) {
    if (entry == 0) {
      return 0;
    }
    return 1L + ((entry & FAILED) != 0 ? 1L << FIELD : 0) + ((entry & SLOW) != 0 ? 1L << (2 * FIELD) : 0);
  }
}
