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
  /** The sum of the ten buckets before the current one, computed once per time slice. */
  private volatile Base base = new Base(Long.MIN_VALUE, 0, 0, 0);

  /** The completed buckets' totals as of slice {@code epoch}. */
  private record Base(long epoch, long calls, long failures, long slow) {}

  /** The bucket most recently written: found without a division while its slice lasts. */
  private volatile Bucket latest;

  /** One time slice's counts: calls, failures, slow calls. */
  private static final class Bucket extends AtomicLongArray {
    private static final long serialVersionUID = 1L;
    final long epoch;
    final long start;
    final long end;

    Bucket(long epoch, long width) {
      super(3);
      this.epoch = epoch;
      this.start = epoch * width;
      this.end = start + width;
    }
  }

  TimedWindow(TimedRatePolicy policy, SlowCallRule slowCalls) {
    super(policy, policy.failureRatePercent(), policy.minimumCalls(), slowCalls);
    this.width = Math.max(1, Nanos.of(policy.window()) / 10);
  }

  @Override
  boolean record(boolean failure, boolean slow, long now) {
    Bucket b = latest;
    if (b == null || now < b.start || now >= b.end) {
      b = bucket(Math.floorDiv(now, width));
      latest = b;
    }
    long epoch = b.epoch;
    b.incrementAndGet(0);
    if (failure) {
      b.incrementAndGet(1);
    }
    if (slow) {
      b.incrementAndGet(2);
    }
    Base before = base(epoch);
    return reaches(before.calls + b.get(0), before.failures + b.get(1), before.slow + b.get(2));
  }

  @Override
  WindowStatus windowStatus(long now) {
    long epoch = Math.floorDiv(now, width);
    long lo = epoch - (SLOTS - 1);
    return status(sum(lo, epoch, 0), sum(lo, epoch, 1), sum(lo, epoch, 2));
  }

  private Base base(long epoch) {
    Base b = base;
    if (b.epoch == epoch) {
      return b;
    }
    // Once per slice: the buckets of the ten slices before this one no longer change.
    long lo = epoch - (SLOTS - 1);
    long hi = epoch - 1;
    b = new Base(epoch, sum(lo, hi, 0), sum(lo, hi, 1), sum(lo, hi, 2));
    base = b;
    return b;
  }

  private Bucket bucket(long epoch) {
    int slot = (int) Math.floorMod(epoch, SLOTS);
    for (;;) {
      Bucket current = buckets.get(slot);
      if (current != null && current.epoch == epoch) {
        return current;
      }
      Bucket fresh = new Bucket(epoch, width);
      if (buckets.compareAndSet(slot, current, fresh)) {
        return fresh;
      }
    }
  }

  /** Field {@code field} (0 calls, 1 failures, 2 slow) summed over slices {@code lo..hi}. */
  private long sum(long lo, long hi, int field) {
    long total = 0;
    for (int i = 0; i < SLOTS; i++) {
      Bucket b = buckets.get(i);
      if (b != null && b.epoch >= lo && b.epoch <= hi) {
        total += b.get(field);
      }
    }
    return total;
  }
}
