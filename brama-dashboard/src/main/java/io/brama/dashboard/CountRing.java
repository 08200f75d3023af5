package io.brama.dashboard;

import io.brama.CallCounts;

/**
 * One connection's calls per second over the last {@link #SLOTS} seconds: a ring of one-second slots
 * fed with the connection's cumulative {@link CallCounts}, each sample adding what changed since the
 * previous one to the slot of its second. Fixed memory: five {@code int[300]} (6,000 bytes of
 * counts, about 6.2 KB with the object headers) whatever the traffic. Not thread-safe: the sampler
 * writes it and readers copy it under its monitor.
 */
final class CountRing {
  /** Five minutes of one-second slots. */
  static final int SLOTS = 300;
  /** The series, in the order of {@link #series(int)} and the JSON. */
  static final String[] NAMES = {"successes", "failures", "ignored", "rejected", "slow"};

  private final int[][] slots = new int[NAMES.length][SLOTS];
  /** The epoch second of the newest slot written; Long.MIN_VALUE before the first sample. */
  private long newest = Long.MIN_VALUE;
  /** The epoch second of the first sample: older slots are unknown, not zero. */
  private long first = Long.MIN_VALUE;
  private CallCounts previous;

  /**
   * Adds what changed since the previous sample to the slot of {@code second}; slots skipped since
   * the previous sample become zero. The first sample only sets the baseline. A count lower than
   * before (the connection was registered anew) counts from zero. A sample older than the newest
   * second goes into the newest slot, so time never runs backwards here.
   */
  synchronized void record(long second, CallCounts counts) {
    if (previous == null) {
      previous = counts;
      newest = second;
      first = second;
      return;
    }
    if (second > newest) {
      long gap = Math.min(second - newest, SLOTS);
      for (long s = second - gap + 1; s <= second; s++) {
        int index = index(s);
        for (int[] series : slots) {
          series[index] = 0;
        }
      }
      newest = second;
    }
    int index = index(newest);
    add(0, index, counts.successes(), previous.successes());
    add(1, index, counts.failures(), previous.failures());
    add(2, index, counts.ignored(), previous.ignored());
    add(3, index, counts.rejected(), previous.rejected());
    add(4, index, counts.slow(), previous.slow());
    previous = counts;
  }

  /**
   * The counts of the seconds after {@code after} up to {@code end}, oldest first, at most {@link
   * #SLOTS}: one array per series of {@link #NAMES}; -1 marks a second before the first sample or
   * after the newest (nothing known). {@code end} is normally the sampler's current second.
   */
  synchronized int[][] read(long after, long end) {
    long from = Math.max(after + 1, end - SLOTS + 1);
    int length = (int) Math.max(0, end - from + 1);
    int[][] out = new int[NAMES.length][length];
    for (int i = 0; i < length; i++) {
      long second = from + i;
      boolean known = previous != null && second >= first && second <= newest
          && second > newest - SLOTS;
      for (int s = 0; s < NAMES.length; s++) {
        out[s][i] = known ? slots[s][index(second)] : -1;
      }
    }
    return out;
  }

  private void add(int series, int index, long now, long before) {
    long delta = now >= before ? now - before : now;
    long sum = slots[series][index] + delta;
    slots[series][index] = (int) Math.min(sum, Integer.MAX_VALUE);
  }

  private static int index(long second) {
    return (int) Math.floorMod(second, (long) SLOTS);
  }
}
