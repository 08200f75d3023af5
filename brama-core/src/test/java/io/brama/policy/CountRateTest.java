package io.brama.policy;

import static io.brama.FailurePolicy.rate;
import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.awaitUntil;
import static io.brama.policy.PolicyFixture.ID;
import static io.brama.policy.PolicyFixture.assertWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.FailurePolicy;
import io.brama.Outcome;
import io.brama.Permit;
import io.brama.Registration;
import io.brama.fixtures.EventRecorder;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FailurePolicy.rate: the last N completed calls. */
class CountRateTest {
  private static final Duration EXPIRY = Duration.ofSeconds(10);
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @AfterEach
  void tearDown() {
    if (brama != null) {
      brama.close();
    }
  }

  private Brama start(FailurePolicy policy) {
    return start(BramaConfig.builder().failurePolicy(policy).expiry(EXPIRY));
  }

  private Brama start(BramaConfig.Builder config) {
    brama = TestBrama.newBrama(clock, config);
    brama.register(ID);
    return brama;
  }

  private CircuitState state() {
    return brama.status(ID).state();
  }

  // ---- minimumCalls and threshold ----

  @Test
  void opensExactlyAtTheMinimumCallsThCallNotBefore() {
    start(rate(50, 10, 4));
    for (int i = 1; i <= 3; i++) {
      brama.failure(ID, "e" + i);
      assertThat(state()).as("after failure %d of 3 (100%% but below minimumCalls)", i)
          .isEqualTo(CircuitState.CLOSED);
    }
    assertWindow(brama.status(ID).window(), 3, 3, 0);

    clock.advance(Duration.ofMillis(7));
    brama.failure(ID, "e4");

    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.consecutiveOpens()).isEqualTo(1);
    assertThat(s.openedAt()).isEqualTo(T0.plusMillis(7));
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusMillis(7).plus(EXPIRY));
    assertThat(s.lastFailureReason()).isEqualTo("e4");
  }

  @Test
  void minimumCallsEqualToWindowSizeNeedsAFullWindow() {
    start(rate(100, 10, 10));
    for (int i = 1; i <= 9; i++) {
      brama.failure(ID);
    }
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    assertWindow(brama.status(ID).window(), 9, 9, 0);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void minimumCallsOneOpensOnTheFirstFailure() {
    start(rate(50, 5, 1));
    brama.failure(ID, "first");
    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aRateAtTheThresholdOpens() {
    start(rate(60, 5, 5));
    brama.failure(ID);
    brama.failure(ID);
    brama.failure(ID);
    brama.success(ID);
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    brama.success(ID); // 3 of 5 = 60.0 %
    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aRateJustBelowTheThresholdDoesNotOpen() {
    start(rate(60.000001, 5, 5));
    brama.failure(ID);
    brama.failure(ID);
    brama.failure(ID);
    brama.success(ID);
    brama.success(ID); // 60.0 % < 60.000001 %
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    assertWindow(brama.status(ID).window(), 5, 3, 0);
  }

  @Test
  void belowTheThresholdStaysClosedWhateverTheNumberOfCalls() {
    start(rate(50, 4, 4));
    for (int i = 0; i < 25; i++) {
      brama.failure(ID);
      brama.success(ID);
      brama.success(ID);
      brama.success(ID);
      assertThat(state()).isEqualTo(CircuitState.CLOSED);
    }
    assertWindow(brama.status(ID).window(), 4, 1, 0);
  }

  @Test
  void aSuccessThatCompletesTheWindowOpensTheCircuit() {
    start(rate(50, 10, 4));
    brama.failure(ID, "e1");
    brama.failure(ID, "e2");
    brama.success(ID);
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    clock.advance(Duration.ofSeconds(1));

    brama.success(ID); // 2 of 4 = 50 %

    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.openedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(s.lastSuccessAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(s.lastFailureReason()).isEqualTo("e2");
  }

  @Test
  void aPermitSuccessThatCompletesTheWindowOpensTheCircuit() {
    start(rate(50, 10, 2));
    brama.tryAcquire(ID).failure("boom");
    brama.tryAcquire(ID).success();
    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  // ---- eviction ----

  @Test
  void theOldestCallIsEvicted() {
    start(rate(50, 3, 3));
    brama.failure(ID);
    brama.success(ID);
    brama.success(ID);
    assertWindow(brama.status(ID).window(), 3, 1, 0);
    brama.success(ID); // evicts the failure
    assertWindow(brama.status(ID).window(), 3, 0, 0);
    brama.failure(ID); // evicts a success
    assertWindow(brama.status(ID).window(), 3, 1, 0);
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    brama.failure(ID); // [s, f, f]
    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void evictedSuccessesMakeALaterFailureOpen() {
    start(rate(50, 4, 4));
    brama.success(ID);
    brama.success(ID);
    brama.success(ID);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.CLOSED); // 1 of 4
    brama.failure(ID); // [s, s, f, f]: 2 of 4 (2 of 5 without eviction)
    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void evictedFailuresNoLongerCount() {
    start(rate(50, 4, 4));
    brama.success(ID);
    brama.failure(ID);
    brama.success(ID);
    brama.success(ID);
    brama.success(ID); // evicts the first success: [f, s, s, s]
    brama.success(ID); // evicts the failure
    assertWindow(brama.status(ID).window(), 4, 0, 0);
    brama.failure(ID);
    assertWindow(brama.status(ID).window(), 4, 1, 0);
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
  }

  // ---- ignored calls ----

  @Test
  void ignoredCallsAreNotRecorded() throws Exception {
    start(rate(50, 4, 4));
    brama.failure(ID);
    brama.tryAcquire(ID).ignore();
    brama.tryAcquire(ID).ignore();
    brama.tryAcquire(ID).ignore();
    assertThat(brama.call(ID, (r, e) -> Outcome.ignore(), () -> "ignored")).isEqualTo("ignored");
    assertThatThrownBy(() -> brama.call(ID, (r, e) -> Outcome.ignore(), () -> {
      throw new IllegalStateException("ignored too");
    })).hasMessage("ignored too");

    assertWindow(brama.status(ID).window(), 1, 1, 0);
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
  }

  // ---- windows reset on close ----

  @Test
  void theWindowIsEmptyAfterAManualReset() {
    start(rate(50, 10, 4));
    brama.failure(ID);
    brama.failure(ID);
    brama.failure(ID);
    brama.open(ID);
    assertThat(brama.status(ID).window()).as("window in OPEN").isNull();

    brama.reset(ID);

    assertWindow(brama.status(ID).window(), 0, 0, 0);
    brama.failure(ID);
    brama.failure(ID);
    brama.failure(ID);
    assertThat(state()).as("the three old failures are gone").isEqualTo(CircuitState.CLOSED);
    assertWindow(brama.status(ID).window(), 3, 3, 0);
  }

  @Test
  void aPermitFromBeforeTheResetDoesNotCountInTheNewWindow() {
    start(rate(50, 10, 4));
    Permit old = brama.tryAcquire(ID);
    brama.open(ID);
    brama.reset(ID);

    old.failure("late");

    assertWindow(brama.status(ID).window(), 0, 0, 0);
    assertThat(brama.status(ID).lastFailureReason()).isEqualTo("late");
  }

  @Test
  void theWindowIsEmptyAfterASuccessfulTrial() {
    start(rate(50, 10, 4));
    for (int i = 0; i < 4; i++) {
      brama.failure(ID);
    }
    assertThat(state()).isEqualTo(CircuitState.OPEN);
    clock.advance(EXPIRY);
    assertThat(state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(brama.status(ID).window()).as("window in HALF_OPEN").isNull();

    Permit trial = brama.tryAcquire(ID);
    assertThat(trial.granted()).isTrue();
    trial.success();

    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertWindow(s.window(), 0, 0, 0);
    brama.failure(ID);
    brama.failure(ID);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aFailedTrialReopensWithTheNextExpiry() {
    start(BramaConfig.builder().failurePolicy(rate(50, 10, 1))
        .expiryStrategy(io.brama.ExpiryStrategy.progressive(EXPIRY, Duration.ofMinutes(5), 2)));
    brama.failure(ID);
    clock.advance(EXPIRY);
    brama.tryAcquire(ID).failure("trial");
    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.consecutiveOpens()).isEqualTo(2);
    assertThat(s.halfOpensAt()).isEqualTo(T0.plus(EXPIRY).plus(EXPIRY.multipliedBy(2)));
  }

  @Test
  void halfOpenTrialsWorkAsBeforeUnderARatePolicy() {
    start(BramaConfig.builder().failurePolicy(rate(50, 4, 1)).expiry(EXPIRY).halfOpenTrials(2));
    brama.failure(ID);
    clock.advance(EXPIRY);
    Permit a = brama.tryAcquire(ID);
    Permit b = brama.tryAcquire(ID);
    assertThat(a.granted()).isTrue();
    assertThat(b.granted()).isTrue();
    assertThat(brama.tryAcquire(ID).granted()).as("third trial").isFalse();
    assertThat(brama.status(ID).activeTrials()).isEqualTo(2);

    a.success(); // the first verdict decides
    b.failure("late trial");

    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertWindow(s.window(), 0, 0, 0);
    assertThat(s.lastFailureReason()).isEqualTo("late trial");
  }

  // ---- configure ----

  @Test
  void changingThePolicyStartsANewWindow() {
    start(rate(50, 10, 4));
    brama.failure(ID);
    brama.failure(ID);
    brama.configure(ID, ConnectionConfig.builder().failurePolicy(rate(50, 20, 4)).build());
    assertWindow(brama.status(ID).window(), 0, 0, 0);
  }

  @Test
  void configuringSomethingElseKeepsTheWindow() {
    start(rate(50, 10, 4));
    brama.failure(ID);
    brama.failure(ID);
    brama.configure(ID, ConnectionConfig.builder().halfOpenTrials(3).build());
    assertWindow(brama.status(ID).window(), 2, 2, 0);
  }

  @Test
  void aRatePolicyCanBeSetForOneConnection() {
    brama = TestBrama.newBrama(clock, BramaConfig.builder().maxAttempts(5).expiry(EXPIRY));
    brama.register(ID, Registration.builder()
        .config(ConnectionConfig.builder().failurePolicy(rate(50, 2, 2)).build()).build());
    brama.register("other");
    brama.failure(ID);
    brama.success(ID);
    brama.failure("other");
    brama.success("other");
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
    assertThat(brama.status("other").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(brama.status("other").window()).isNull();
  }

  // ---- status ----

  @Test
  void statusReportsTheWindowAndNoConsecutiveThreshold() {
    start(rate(50, 10, 4));
    assertWindow(brama.status(ID).window(), 0, 0, 0);
    brama.failure(ID);
    brama.success(ID);
    brama.success(ID);

    ConnectionStatus s = brama.status(ID);
    assertWindow(s.window(), 3, 1, 0);
    assertThat(s.window().failureRatePercent()).isEqualTo(100.0 / 3);
    assertThat(s.maxAttempts()).isZero();
    assertThat(s.failureCount()).isZero();
    assertThat(BramaConfig.builder().failurePolicy(rate(50, 10, 4)).build().maxAttempts()).isZero();
    assertThat(ConnectionConfig.builder().failurePolicy(rate(50, 10, 4)).build().maxAttempts())
        .isEmpty();
  }

  @Test
  void theWindowIsNullWhileOpen() {
    start(rate(50, 10, 1));
    brama.failure(ID);
    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.window()).isNull();
    assertThat(s.maxAttempts()).isZero();
    assertThat(s.failureCount()).isZero();
  }

  // ---- events ----

  @Test
  void stateChangeCarriesTheRateReasonAfterTheFailureEvent() {
    start(rate(50, 10, 4));
    EventRecorder rec = new EventRecorder();
    brama.subscribe(EventFilter.all(), rec);
    for (int i = 1; i <= 4; i++) {
      brama.failure(ID, "e" + i);
    }
    awaitUntil(() -> !rec.of(EventType.STATE_CHANGE).isEmpty() && rec.of(EventType.FAILURE).size() == 4);

    BramaEvent change = rec.of(EventType.STATE_CHANGE).get(0);
    assertThat(change.previousState()).isEqualTo(CircuitState.CLOSED);
    assertThat(change.newState()).isEqualTo(CircuitState.OPEN);
    assertThat(change.reason()).isEqualTo("failure rate 100.0% >= 50.0% (4 of 4 calls)");
    BramaEvent lastFailure = rec.of(EventType.FAILURE).get(3);
    assertThat(lastFailure.reason()).isEqualTo("e4");
    assertThat(lastFailure.sequence()).isLessThan(change.sequence());
  }

  @Test
  void reasonOfAnOpenBySuccessCountsTheWindow() {
    start(rate(50, 10, 4));
    EventRecorder rec = new EventRecorder();
    brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), rec);
    brama.failure(ID);
    brama.success(ID);
    brama.failure(ID);
    brama.success(ID);
    awaitUntil(() -> !rec.events().isEmpty());
    assertThat(rec.events().get(0).reason()).isEqualTo("failure rate 50.0% >= 50.0% (2 of 4 calls)");
  }

  @Test
  void reasonTextDoesNotDependOnTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      start(rate(50, 10, 10));
      EventRecorder rec = new EventRecorder();
      brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), rec);
      for (int i = 0; i < 10; i++) {
        if (i < 6) {
          brama.failure(ID);
        } else {
          brama.success(ID);
        }
      }
      awaitUntil(() -> !rec.events().isEmpty());
      assertThat(rec.events().get(0).reason())
          .isEqualTo("failure rate 60.0% >= 50.0% (6 of 10 calls)");
    } finally {
      Locale.setDefault(saved);
    }
  }

  // ---- validation ----

  @Test
  void invalidRatePoliciesAreRejectedNamingTheField() {
    assertThatThrownBy(() -> rate(0, 10, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failureRatePercent must be in (0, 100], was 0.0");
    assertThatThrownBy(() -> rate(100.5, 10, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failureRatePercent").hasMessageContaining("100.5");
    assertThatThrownBy(() -> rate(Double.NaN, 10, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failureRatePercent").hasMessageContaining("NaN");
    assertThatThrownBy(() -> rate(50, 0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("windowSize").hasMessageContaining("was 0");
    assertThatThrownBy(() -> rate(50, 1_000_001, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("windowSize").hasMessageContaining("1000001");
    assertThatThrownBy(() -> rate(50, 10, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minimumCalls").hasMessageContaining("was 0");
    assertThatThrownBy(() -> rate(50, 10, 11)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimumCalls must be in [1, 10], was 11");
    assertThat(rate(100, 1_000_000, 1_000_000)).isEqualTo(rate(100, 1_000_000, 1_000_000));
    assertThatThrownBy(() -> BramaConfig.builder().failurePolicy(null))
        .isInstanceOf(NullPointerException.class).hasMessage("failurePolicy must not be null");
  }

  // ---- concurrency ----

  @Test
  void concurrentRecordsAreNeverLost() throws Exception {
    int threads = 8;
    int perThread = 1000;
    start(rate(100, threads * perThread, threads * perThread));
    runConcurrently(threads, t -> {
      for (int i = 0; i < perThread; i++) {
        if (i % 2 == 0) {
          brama.success(ID);
        } else {
          brama.failure(ID, "x");
        }
      }
    });
    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertWindow(s.window(), threads * perThread, threads * perThread / 2, 0);
  }

  @Test
  void concurrentRecordsKeepTheRingConsistent() throws Exception {
    start(rate(50, 16, 16));
    runConcurrently(8, t -> {
      for (int i = 0; i < 2000; i++) {
        brama.tryAcquire(ID).success(Duration.ZERO);
      }
    });
    assertWindow(brama.status(ID).window(), 16, 0, 0);
    for (int i = 0; i < 7; i++) {
      brama.failure(ID);
    }
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    assertWindow(brama.status(ID).window(), 16, 7, 0);
    brama.failure(ID);
    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void racingFailuresOpenOnce() throws Exception {
    start(rate(50, 1000, 100));
    EventRecorder rec = new EventRecorder();
    brama.subscribe(EventFilter.of(EventType.STATE_CHANGE, EventType.CONFIGURED), rec);
    runConcurrently(8, t -> {
      for (int i = 0; i < 200; i++) {
        brama.failure(ID, "x");
      }
    });
    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.consecutiveOpens()).isEqualTo(1);
    brama.configure(ID, ConnectionConfig.empty()); // a marker: every earlier event is delivered first
    awaitUntil(() -> !rec.of(EventType.CONFIGURED).isEmpty());
    assertThat(rec.of(EventType.STATE_CHANGE)).hasSize(1);
  }

  private interface Body {
    void run(int thread) throws Exception;
  }

  private static void runConcurrently(int threads, Body body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int n = t;
        done.add(pool.submit(() -> {
          go.await();
          body.run(n);
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
