package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.CallCounts;
import org.junit.jupiter.api.Test;

/** The ring of one-second slots: deltas, gaps, wrap-around, re-registration, unknown seconds. */
class CountRingTest {
  private static final long T = 1_000_000;

  private static CallCounts counts(long successes, long failures, long rejected) {
    return new CallCounts(successes, failures, 0, rejected, 0);
  }

  @Test
  void theFirstSampleIsTheBaselineAndLaterOnesAddWhatChanged() {
    CountRing ring = new CountRing();
    ring.record(T, counts(100, 10, 5)); // before the dashboard: not counted
    ring.record(T, counts(103, 10, 5)); // same second: adds up
    ring.record(T + 1, counts(110, 12, 9));

    int[][] s = ring.read(T - 2, T + 1);
    assertThat(s[0]).containsExactly(-1, 3, 7); // successes: unknown before the first sample
    assertThat(s[1]).containsExactly(-1, 0, 2);
    assertThat(s[3]).containsExactly(-1, 0, 4);
    assertThat(ring.read(T, T + 1)[0]).containsExactly(7); // only the seconds after "after"
    assertThat(ring.read(T - 1, T + 3)[0]).containsExactly(3, 7, -1, -1); // not sampled yet
  }

  @Test
  void skippedSecondsAreZeroAndTheRingKeepsFiveMinutes() {
    CountRing ring = new CountRing();
    ring.record(T, counts(0, 0, 0));
    for (int i = 1; i <= 400; i++) {
      ring.record(T + i, counts(i, 0, 0)); // one call a second for 400 s
    }
    ring.record(T + 405, counts(410, 0, 0)); // 5 s late: the skipped seconds are zero
    int[][] s = ring.read(0, T + 405);
    assertThat(s[0]).hasSize(CountRing.SLOTS);
    assertThat(s[0][CountRing.SLOTS - 1]).isEqualTo(10);
    assertThat(s[0]).containsSequence(1, 0, 0, 0, 0, 10);
    assertThat(s[0][0]).isEqualTo(1);

    ring.record(T + 2000, counts(411, 0, 0)); // far later: nothing older is left
    assertThat(ring.read(0, T + 2000)[0]).containsOnly(0, 1).endsWith(1);
  }

  @Test
  void aCountThatGoesDownCountsFromZero() {
    CountRing ring = new CountRing();
    ring.record(T, counts(50, 5, 0));
    ring.record(T + 1, counts(2, 1, 0)); // unregistered and registered anew
    assertThat(ring.read(T, T + 1)[0]).containsExactly(2);
    assertThat(ring.read(T, T + 1)[1]).containsExactly(1);
  }

  @Test
  void aSampleFromThePastGoesIntoTheNewestSecond() {
    CountRing ring = new CountRing();
    ring.record(T, counts(0, 0, 0));
    ring.record(T + 5, counts(1, 0, 0));
    ring.record(T + 3, counts(4, 0, 0)); // the clock stepped back
    assertThat(ring.read(T + 2, T + 5)[0]).containsExactly(0, 0, 4);
  }

  @Test
  void countsSaturateInsteadOfWrapping() {
    CountRing ring = new CountRing();
    ring.record(T, counts(0, 0, 0));
    ring.record(T + 1, counts(Long.MAX_VALUE / 2, 0, 0));
    assertThat(ring.read(T, T + 1)[0]).containsExactly(Integer.MAX_VALUE);
  }
}
