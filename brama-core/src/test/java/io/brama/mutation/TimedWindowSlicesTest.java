package io.brama.mutation;

import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.direct;
import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.FailurePolicy;
import io.brama.fixtures.TestBrama;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * timedRate over 1 s: slices of 100 ms (T0 is on a slice boundary), the slice of a call is
 * floor(epochNanos / 100 ms), and the window at time t holds the slices floor(t / 100 ms) - 10 up to
 * the current one. A call is counted in the slice of its own instant only.
 */
class TimedWindowSlicesTest {
  private static final Duration SLICE = Duration.ofMillis(100);

  private final HookClock clock = new HookClock();
  @AutoClose
  private Brama brama;

  private void start(double failureRate, int minimumCalls) {
    start(BramaConfig.builder()
        .failurePolicy(FailurePolicy.timedRate(failureRate, Duration.ofSeconds(1), minimumCalls)));
  }

  private void start(BramaConfig.Builder config) {
    brama = direct(clock, config.cleanupInterval(TestBrama.NO_SWEEP));
    brama.register("a");
  }

  private int callsAt(Instant t) {
    clock.set(t);
    return brama.status("a").window().calls();
  }

  private static Instant slice(int n) {
    return T0.plus(SLICE.multipliedBy(n));
  }

  @Test
  void aCallAtTheFirstInstantOfASliceBelongsToThatSlice() {
    start(100, 1_000);
    brama.success("a"); // slice 0
    clock.set(slice(1)); // exactly the start of slice 1
    brama.success("a");

    assertThat(callsAt(slice(1))).isEqualTo(2);
    assertThat(callsAt(slice(11).minusNanos(1))).isEqualTo(2);
    assertThat(callsAt(slice(11))).isEqualTo(1); // slice 0 aged out, slice 1 not yet
    assertThat(callsAt(slice(12))).isZero();
  }

  @Test
  void aBucketReusedAfterTheRingWrapsStartsEmpty() {
    start(100, 1_000);
    brama.success("a"); // slice 0
    brama.success("a");
    clock.set(slice(11)); // the ring has 11 buckets: slice 11 takes slice 0's bucket
    brama.success("a");

    assertThat(callsAt(slice(11))).isEqualTo(1);
    assertThat(callsAt(slice(21))).isEqualTo(1);
    assertThat(callsAt(slice(22))).isZero();
  }

  @Test
  void aCallRecordedLateLandsInTheSliceOfItsOwnInstant() {
    start(100, 1_000);
    clock.set(slice(2));
    brama.success("a");
    clock.set(slice(5));
    brama.success("a");
    clock.set(slice(2)); // completed earlier, recorded after the slice-5 call
    brama.success("a");

    assertThat(callsAt(slice(12))).isEqualTo(3);
    assertThat(callsAt(slice(13))).isEqualTo(1); // slice 2 aged out, slice 5 not yet
    assertThat(callsAt(slice(16))).isZero();
  }

  @Test
  void callsAndFailuresOfEarlierSlicesCountTowardsOpening() {
    start(50, 4);
    brama.failure("a", "f1"); // slice 0: 1 of 1 failed (fewer than minimumCalls)
    brama.success("a");
    clock.set(slice(1));
    brama.success("a");
    assertThat(brama.status("a").state()).isEqualTo(CircuitState.CLOSED);

    brama.failure("a", "f2"); // 2 of 4 failed over slices 0 and 1

    ConnectionStatus s = brama.status("a");
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.openedAt()).isEqualTo(slice(1));
  }

  @Test
  void slowCallsOfEarlierSlicesCountTowardsOpening() {
    start(BramaConfig.builder()
        .failurePolicy(FailurePolicy.timedRate(100, Duration.ofSeconds(1), 4))
        .slowCall(Duration.ofMillis(100), 50));
    Duration slow = Duration.ofMillis(101);
    Duration fast = Duration.ofMillis(100); // not slow: slow means strictly longer
    brama.tryAcquire("a").success(slow); // slice 0
    brama.tryAcquire("a").success(fast);
    clock.set(slice(1));
    brama.tryAcquire("a").success(fast);
    assertThat(brama.status("a").window().slowCalls()).isEqualTo(1);

    brama.tryAcquire("a").success(slow); // 2 of 4 slow over slices 0 and 1

    ConnectionStatus s = brama.status("a");
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.openedAt()).isEqualTo(slice(1));
  }
}
