package io.brama.internal;

import io.brama.WindowStatus;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The calls of the last {@code window}: ten buckets of {@code window / 10} plus the one filling now,
 * chosen by the injected clock. A bucket belongs to one time slice (its epoch) for life; a new slice
 * replaces it by compare-and-set, so a call is never counted in a slice it did not happen in.
 */
final class TimedWindow extends FailureWindow {
  private static final int SLOTS = 11;

  private final long width;
  private final AtomicReferenceArray<Bucket> buckets = new AtomicReferenceArray<>(SLOTS);

  /** One time slice's counts: calls, failures, slow calls. */
  private static final class Bucket extends AtomicLongArray {
    private static final long serialVersionUID = 1L;
    final long epoch;

    Bucket(long epoch) {
      super(3);
      this.epoch = epoch;
    }
  }

  TimedWindow(TimedRatePolicy policy, double slowCallRatePercent) {
    super(policy, slowCallRatePercent);
    this.width = Math.max(1, Nanos.of(policy.window()) / 10);
  }

  @Override
  boolean record(boolean failure, boolean slow, long now) {
    long epoch = Math.floorDiv(now, width);
    Bucket b = bucket(epoch);
    b.incrementAndGet(0);
    if (failure) {
      b.incrementAndGet(1);
    }
    if (slow) {
      b.incrementAndGet(2);
    }
    return reaches(sum(epoch, 0), sum(epoch, 1), sum(epoch, 2));
  }

  @Override
  WindowStatus status(long now) {
    long epoch = Math.floorDiv(now, width);
    return status(sum(epoch, 0), sum(epoch, 1), sum(epoch, 2));
  }

  private Bucket bucket(long epoch) {
    int slot = (int) Math.floorMod(epoch, SLOTS);
    for (;;) {
      Bucket current = buckets.get(slot);
      if (current != null && current.epoch == epoch) {
        return current;
      }
      Bucket fresh = new Bucket(epoch);
      if (buckets.compareAndSet(slot, current, fresh)) {
        return fresh;
      }
    }
  }

  /** Field {@code field} (0 calls, 1 failures, 2 slow) summed over the buckets in the window. */
  private long sum(long epoch, int field) {
    long total = 0;
    for (int i = 0; i < SLOTS; i++) {
      Bucket b = buckets.get(i);
      if (b != null && b.epoch <= epoch && b.epoch > epoch - SLOTS) {
        total += b.get(field);
      }
    }
    return total;
  }
}
