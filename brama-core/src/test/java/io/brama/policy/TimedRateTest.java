package io.brama.policy;

import static io.brama.FailurePolicy.timedRate;
import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.awaitUntil;
import static io.brama.policy.PolicyFixture.ID;
import static io.brama.policy.PolicyFixture.assertWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.FailurePolicy;
import io.brama.Permit;
import io.brama.fixtures.EventRecorder;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FailurePolicy.timedRate over a 10 s window: ten buckets of 1 s plus the one filling now. The
 * ManualClock starts on a whole second, so buckets begin at T0 + k seconds.
 */
class TimedRateTest {
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Duration BUCKET = Duration.ofSeconds(1);
  private static final Duration EXPIRY = Duration.ofSeconds(5);
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @AfterEach
  void tearDown() {
    if (brama != null) {
      brama.close();
    }
  }

  private void start(FailurePolicy policy) {
    brama = TestBrama.newBrama(clock, BramaConfig.builder().failurePolicy(policy).expiry(EXPIRY));
    brama.register(ID);
  }

  private int callsInWindow() {
    return brama.status(ID).window().calls();
  }

  private CircuitState state() {
    return brama.status(ID).state();
  }

  // ---- ageing out ----

  /** A call is in the window at age {@code window} and gone at age {@code window + window / 10}. */
  @ParameterizedTest(name = "call at {0} ns into its bucket")
  @ValueSource(longs = {0, 1, 500_000_000, 999_999_999})
  void aCallAgesOutBetweenWindowAndWindowPlusATenth(long offsetNanos) {
    start(timedRate(50, WINDOW, 100));
    clock.advance(Duration.ofNanos(offsetNanos));
    brama.failure(ID);
    assertThat(callsInWindow()).isEqualTo(1);

    clock.advance(WINDOW);
    assertThat(callsInWindow()).as("at age = window").isEqualTo(1);

    clock.advance(BUCKET);
    assertThat(callsInWindow()).as("at age = window + window/10").isZero();
  }

  @Test
  void aCallAtTheStartOfItsBucketStaysUntilJustBeforeWindowPlusATenth() {
    start(timedRate(50, WINDOW, 100));
    brama.failure(ID);
    clock.advance(WINDOW.plus(BUCKET).minusNanos(1));
    assertThat(callsInWindow()).isEqualTo(1);
    clock.advance(Duration.ofNanos(1));
    assertThat(callsInWindow()).isZero();
  }

  @Test
  void aCallAtTheEndOfItsBucketGoesJustAfterWindow() {
    start(timedRate(50, WINDOW, 100));
    clock.advance(BUCKET.minusNanos(1));
    brama.failure(ID);
    clock.advance(WINDOW);
    assertThat(callsInWindow()).isEqualTo(1);
    clock.advance(Duration.ofNanos(1));
    assertThat(callsInWindow()).isZero();
  }

  @Test
  void callsInNeighbouringBucketsAgeOutOneBucketApart() {
    start(timedRate(50, WINDOW, 100));
    clock.advance(Duration.ofMillis(999));
    brama.failure(ID);
    clock.advance(Duration.ofMillis(1)); // T0 + 1 s: the next bucket
    brama.success(ID);
    assertWindow(brama.status(ID).window(), 2, 1, 0);

    clock.set(T0.plusSeconds(11));
    assertWindow(brama.status(ID).window(), 1, 0, 0);
    clock.set(T0.plusSeconds(12).minusNanos(1));
    assertWindow(brama.status(ID).window(), 1, 0, 0);
    clock.set(T0.plusSeconds(12));
    assertWindow(brama.status(ID).window(), 0, 0, 0);
  }

  @Test
  void oneCallPerBucketGivesElevenCallsInTheWindow() {
    start(timedRate(50, WINDOW, 1000));
    for (int i = 1; i <= 30; i++) {
      brama.success(ID);
      assertThat(callsInWindow()).as("after %d calls one second apart", i).isEqualTo(Math.min(i, 11));
      clock.advance(BUCKET);
    }
  }

  @Test
  void callsAtExactlyWindowAgeStillCountTowardOpening() {
    start(timedRate(50, WINDOW, 3));
    brama.failure(ID);
    brama.failure(ID);
    clock.advance(WINDOW);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  // ---- roll-over across idle gaps ----

  @Test
  void anHourIdleEmptiesTheWindow() {
    start(timedRate(50, WINDOW, 3));
    brama.failure(ID);
    brama.failure(ID);
    clock.advance(Duration.ofHours(1));
    assertWindow(brama.status(ID).window(), 0, 0, 0);
    brama.failure(ID);
    assertThat(state()).as("old failures must not count").isEqualTo(CircuitState.CLOSED);
    assertWindow(brama.status(ID).window(), 1, 1, 0);
  }

  @Test
  void aThousandWindowsIdleEmptiesTheWindow() {
    start(timedRate(50, WINDOW, 3));
    brama.failure(ID);
    brama.failure(ID);
    clock.advance(WINDOW.multipliedBy(1000));
    brama.success(ID);
    assertWindow(brama.status(ID).window(), 1, 0, 0);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
  }

  /** 11 buckets later (or any multiple) the same slot is reused: its old counts must not leak. */
  @ParameterizedTest(name = "{0} buckets idle")
  @ValueSource(longs = {11, 22, 11_000, 11 * 360_000L})
  void aReusedSlotDoesNotKeepItsOldCounts(long buckets) {
    start(timedRate(50, WINDOW, 3));
    brama.failure(ID);
    brama.failure(ID);
    clock.advance(BUCKET.multipliedBy(buckets));
    brama.success(ID);
    assertWindow(brama.status(ID).window(), 1, 0, 0);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    assertWindow(brama.status(ID).window(), 2, 1, 0);
  }

  @Test
  void aPartialGapDropsOnlyTheOldBuckets() {
    start(timedRate(50, WINDOW, 100));
    brama.failure(ID);
    clock.advance(Duration.ofSeconds(5));
    brama.failure(ID);
    brama.success(ID);
    clock.advance(Duration.ofSeconds(6)); // T0 + 11 s: the first bucket is gone
    assertWindow(brama.status(ID).window(), 2, 1, 0);
    clock.advance(Duration.ofSeconds(5)); // T0 + 16 s: all gone
    assertWindow(brama.status(ID).window(), 0, 0, 0);
  }

  @Test
  void bucketsWorkWithAWindowThatIsNotAWholeNumberOfMillis() {
    start(timedRate(50, Duration.ofMillis(15), 100)); // buckets of 1.5 ms
    brama.failure(ID);
    clock.advance(Duration.ofMillis(15));
    assertThat(callsInWindow()).isEqualTo(1);
    clock.advance(Duration.ofMillis(2));
    assertThat(callsInWindow()).isZero();
  }

  // ---- minimumCalls and thresholds ----

  @Test
  void opensExactlyAtMinimumCalls() {
    start(timedRate(50, WINDOW, 3));
    brama.failure(ID);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    assertWindow(brama.status(ID).window(), 2, 2, 0);
    clock.advance(Duration.ofMillis(300));
    brama.success(ID); // 2 of 3 = 66.7 %: a success completes the window
    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.openedAt()).isEqualTo(T0.plusMillis(300));
    assertThat(s.window()).isNull();
    assertThat(s.maxAttempts()).isZero();
  }

  @Test
  void agedOutCallsDoNotCountTowardMinimumCalls() {
    start(timedRate(50, WINDOW, 3));
    brama.failure(ID);
    clock.advance(WINDOW.plus(BUCKET));
    brama.failure(ID);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void belowTheThresholdStaysClosed() {
    start(timedRate(50, WINDOW, 3));
    brama.failure(ID);
    brama.success(ID);
    brama.success(ID);
    assertThat(state()).isEqualTo(CircuitState.CLOSED); // 1 of 3
    clock.advance(Duration.ofSeconds(3));
    brama.success(ID);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.CLOSED); // 2 of 5 = 40 %
    assertWindow(brama.status(ID).window(), 5, 2, 0);
  }

  @Test
  void theThresholdIsAtOrAbove() {
    start(timedRate(50, WINDOW, 4));
    brama.failure(ID);
    brama.success(ID);
    brama.success(ID);
    brama.failure(ID); // 2 of 4
    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void theStateChangeReasonDescribesTheWindow() {
    start(timedRate(50, WINDOW, 3));
    EventRecorder rec = new EventRecorder();
    brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), rec);
    brama.failure(ID);
    brama.success(ID);
    brama.failure(ID);
    awaitUntil(() -> !rec.events().isEmpty());
    assertThat(rec.events().get(0).reason()).isEqualTo("failure rate 66.7% >= 50.0% (2 of 3 calls)");
  }

  // ---- reset on close ----

  @Test
  void theWindowStartsEmptyAfterATrialSuccess() {
    start(timedRate(50, WINDOW, 3));
    brama.failure(ID);
    brama.failure(ID);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.OPEN);
    clock.advance(EXPIRY); // the three failures would still be inside a 10 s window
    Permit trial = brama.tryAcquire(ID);
    assertThat(trial.granted()).isTrue();
    trial.success();

    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    assertWindow(brama.status(ID).window(), 0, 0, 0);
    brama.failure(ID);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    assertWindow(brama.status(ID).window(), 2, 2, 0);
  }

  @Test
  void theWindowStartsEmptyAfterAManualReset() {
    start(timedRate(50, WINDOW, 3));
    brama.failure(ID);
    brama.failure(ID);
    brama.open(ID, "maintenance");
    brama.reset(ID);
    assertWindow(brama.status(ID).window(), 0, 0, 0);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
  }

  // ---- validation ----

  @Test
  void invalidTimedPoliciesAreRejectedNamingTheField() {
    assertThatThrownBy(() -> timedRate(50, Duration.ofMillis(9), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be >= PT0.01S, was PT0.009S");
    assertThat(timedRate(50, Duration.ofMillis(10), 1)).isNotNull();
    assertThatThrownBy(() -> timedRate(50, null, 1)).isInstanceOf(NullPointerException.class)
        .hasMessage("window must not be null");
    assertThatThrownBy(() -> timedRate(50, WINDOW, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimumCalls must be >= 1, was 0");
    assertThatThrownBy(() -> timedRate(-1, WINDOW, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failureRatePercent must be in (0, 100], was -1.0");
    assertThatThrownBy(() -> timedRate(100.01, WINDOW, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureRatePercent");
    assertThat(timedRate(100, WINDOW, 1_000_000)).isEqualTo(timedRate(100, WINDOW, 1_000_000));
  }
}
