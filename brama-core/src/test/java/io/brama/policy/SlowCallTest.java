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
import io.brama.CircuitBreaker;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.Permit;
import io.brama.Registration;
import io.brama.WindowStatus;
import io.brama.fixtures.EventRecorder;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** slowCall(threshold, rate): calls measured with the injected clock. */
class SlowCallTest {
  private static final Duration THRESHOLD = Duration.ofMillis(100);
  private static final Duration EXPIRY = Duration.ofSeconds(10);
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  /** Measurement tests: nothing opens below ten calls. */
  private static BramaConfig.Builder measuring() {
    return BramaConfig.builder().failurePolicy(rate(100, 10, 10)).slowCall(THRESHOLD, 100)
        .expiry(EXPIRY);
  }

  @AfterEach
  void tearDown() {
    if (brama != null) {
      brama.close();
    }
  }

  private Brama start(BramaConfig.Builder config) {
    brama = TestBrama.newBrama(clock, config);
    brama.register(ID);
    return brama;
  }

  private WindowStatus window() {
    return brama.status(ID).window();
  }

  private String callTaking(Duration d) throws Exception {
    return brama.call(ID, () -> {
      clock.advance(d);
      return "done";
    });
  }

  // ---- measuring ----

  @Test
  void callIsSlowOnlyWhenStrictlyLongerThanTheThreshold() throws Exception {
    start(measuring());
    assertThat(callTaking(THRESHOLD)).isEqualTo("done");
    assertWindow(window(), 1, 0, 0);
    callTaking(THRESHOLD.plusNanos(1));
    assertWindow(window(), 2, 0, 1);
    callTaking(Duration.ofMillis(101));
    assertWindow(window(), 3, 0, 2);
    callTaking(Duration.ZERO);
    assertWindow(window(), 4, 0, 2);
  }

  @Test
  void timeThatPassesOutsideTheActionDoesNotCount() throws Exception {
    start(measuring());
    clock.advance(Duration.ofHours(1));
    brama.call(ID, () -> "quick");
    clock.advance(Duration.ofHours(1));
    assertWindow(window(), 1, 0, 0);
  }

  @Test
  void runAndTheCircuitHandleAreMeasuredToo() throws Exception {
    start(measuring());
    brama.run(ID, () -> clock.advance(Duration.ofMillis(150)));
    brama.circuit(ID).call(() -> clock.advance(Duration.ofMillis(150)));
    assertWindow(window(), 2, 0, 2);
  }

  @Test
  void callAsyncIsMeasuredFromTheCallToTheStagesCompletion() {
    start(measuring());
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> result = brama.callAsync(ID, () -> source);
    clock.advance(Duration.ofMillis(150));
    source.complete("v");
    assertThat(result.join()).isEqualTo("v");
    assertWindow(window(), 1, 0, 1);

    CompletableFuture<String> fast = new CompletableFuture<>();
    CompletableFuture<String> fastResult = brama.callAsync(ID, () -> fast);
    clock.advance(THRESHOLD);
    fast.complete("w");
    assertThat(fastResult.join()).isEqualTo("w");
    assertWindow(window(), 2, 0, 1);
  }

  /** A decorated interface (public so the proxy can implement it). */
  public interface Service {
    @CircuitBreaker(ID)
    String fetch(Duration takes) throws IOException;

    @CircuitBreaker(ID)
    CompletableFuture<String> fetchAsync(Duration takes);
  }

  @Test
  void annotatedMethodsAreMeasured() throws Exception {
    start(measuring());
    Service target = new Service() {
      @Override
      public String fetch(Duration takes) {
        clock.advance(takes);
        return "sync";
      }

      @Override
      public CompletableFuture<String> fetchAsync(Duration takes) {
        clock.advance(takes);
        return CompletableFuture.completedFuture("async");
      }
    };
    Service service = brama.decorate(Service.class, target);
    assertThat(service.fetch(Duration.ofMillis(101))).isEqualTo("sync");
    assertThat(service.fetch(Duration.ofMillis(100))).isEqualTo("sync");
    assertThat(service.fetchAsync(Duration.ofMillis(101)).join()).isEqualTo("async");
    assertThat(service.fetchAsync(Duration.ofMillis(1)).join()).isEqualTo("async");
    assertWindow(window(), 4, 0, 2);
  }

  @Test
  void permitsCompletedWithADurationAreMeasured() {
    start(measuring());
    brama.tryAcquire(ID).success(Duration.ofMillis(101));
    assertWindow(window(), 1, 0, 1);
    brama.tryAcquire(ID).success(THRESHOLD);
    assertWindow(window(), 2, 0, 1);
    brama.tryAcquire(ID).success(); // granted and completed at one instant: not slow
    assertWindow(window(), 3, 0, 1);
    brama.tryAcquire(ID).success(Duration.ofMillis(-500));
    assertWindow(window(), 4, 0, 1);
    brama.tryAcquire(ID).failure("f", THRESHOLD);
    assertWindow(window(), 5, 1, 1);
    assertThatThrownBy(() -> brama.tryAcquire(ID).success(null))
        .isInstanceOf(NullPointerException.class).hasMessage("elapsed must not be null");
  }

  @Test
  void nameBasedOutcomesAreNeverSlowButAPermitTimesItself() {
    start(measuring());
    Permit p = brama.tryAcquire(ID);
    clock.advance(Duration.ofMinutes(5));
    brama.success(ID);
    brama.circuit(ID).success();
    brama.failure(ID, "f");
    assertWindow(window(), 3, 1, 0);
    p.success();
    assertWindow(window(), 4, 1, 1);
  }

  @Test
  void aPermitTakenAndCompletedAtOnceIsNotSlowAndEachCallHasItsOwn() {
    start(measuring());
    Permit a = brama.tryAcquire(ID);
    Permit b = brama.tryAcquire(ID);
    assertThat(a).isNotSameAs(b);
    clock.advance(Duration.ofMillis(101));
    b.failure("late");
    a.success(Duration.ZERO);
    assertWindow(window(), 2, 1, 1);
  }

  @Test
  void aSlowFailureCountsAsFailureAndAsSlow() {
    start(measuring());
    IOException boom = new IOException("boom");
    assertThatThrownBy(() -> brama.call(ID, () -> {
      clock.advance(Duration.ofMillis(200));
      throw boom;
    })).isSameAs(boom);
    assertWindow(window(), 1, 1, 1);
    assertThat(brama.status(ID).lastFailureReason()).isSameAs(boom);

    brama.tryAcquire(ID).failure("slow too", Duration.ofSeconds(1));
    assertWindow(window(), 2, 2, 2);
    assertThat(brama.status(ID).lastFailureReason()).isEqualTo("slow too");
  }

  @Test
  void withoutSlowCallDetectionNothingIsSlow() throws Exception {
    start(BramaConfig.builder().failurePolicy(rate(100, 10, 10)).expiry(EXPIRY));
    callTaking(Duration.ofHours(1));
    brama.tryAcquire(ID).success(Duration.ofHours(1));
    assertWindow(window(), 2, 0, 0);
  }

  // ---- the slow-call rate opens ----

  @Test
  void theSlowCallRateOpensAtOrAboveItsThreshold() throws Exception {
    start(BramaConfig.builder().failurePolicy(rate(100, 10, 4)).slowCall(THRESHOLD, 50)
        .expiry(EXPIRY));
    EventRecorder rec = new EventRecorder();
    brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), rec);
    callTaking(Duration.ofMillis(150));
    callTaking(Duration.ofMillis(10));
    callTaking(Duration.ofMillis(10));
    assertThat(brama.status(ID).state()).as("1 of 3 slow, below minimumCalls")
        .isEqualTo(CircuitState.CLOSED);
    callTaking(Duration.ofMillis(150)); // 2 of 4 slow = 50 %

    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.openedAt()).isEqualTo(T0.plusMillis(320));
    awaitUntil(() -> !rec.events().isEmpty());
    assertThat(rec.events().get(0).reason())
        .isEqualTo("slow-call rate 50.0% >= 50.0% (2 of 4 calls)");
  }

  @Test
  void aSlowCallRateBelowItsThresholdDoesNotOpen() throws Exception {
    start(BramaConfig.builder().failurePolicy(rate(100, 4, 4)).slowCall(THRESHOLD, 50)
        .expiry(EXPIRY));
    callTaking(Duration.ofMillis(150));
    callTaking(Duration.ofMillis(10));
    callTaking(Duration.ofMillis(10));
    callTaking(Duration.ofMillis(10));
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.CLOSED);
    assertWindow(window(), 4, 0, 1);
  }

  @Test
  void theFailureRateStillOpensWithSlowCallDetection() {
    start(BramaConfig.builder().failurePolicy(rate(50, 10, 2)).slowCall(THRESHOLD, 100)
        .expiry(EXPIRY));
    brama.tryAcquire(ID).failure("a", Duration.ZERO);
    brama.tryAcquire(ID).success(Duration.ZERO);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
  }

  // ---- HALF_OPEN ----

  private void halfOpen() {
    brama.open(ID, "manual");
    clock.advance(EXPIRY);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.HALF_OPEN);
  }

  @Test
  void aSlowSuccessfulTrialReopens() throws Exception {
    start(measuring());
    EventRecorder rec = new EventRecorder();
    brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), rec);
    halfOpen();

    assertThat(callTaking(Duration.ofMillis(200))).as("the caller still gets the result")
        .isEqualTo("done");

    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.consecutiveOpens()).isEqualTo(2);
    assertThat(s.openedAt()).isEqualTo(T0.plus(EXPIRY).plusMillis(200));
    assertThat(s.lastFailureReason()).isEqualTo("slow call: took PT0.2S, threshold PT0.1S");
    assertThat(s.lastFailureAt()).isEqualTo(T0.plus(EXPIRY).plusMillis(200));
    awaitUntil(() -> rec.events().size() == 3);
    assertThat(rec.events().get(2).previousState()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(rec.events().get(2).reason()).isEqualTo("slow call: took PT0.2S, threshold PT0.1S");
  }

  @Test
  void aSlowTrialPermitReopens() {
    start(measuring());
    halfOpen();
    brama.tryAcquire(ID).success(Duration.ofMillis(101));
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
    assertThat(brama.status(ID).lastFailureReason())
        .isEqualTo("slow call: took PT0.101S, threshold PT0.1S");
  }

  @Test
  void aTrialAtTheThresholdCloses() throws Exception {
    start(measuring());
    halfOpen();
    callTaking(THRESHOLD);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aTrialTimesItself() {
    start(measuring());
    halfOpen();
    Permit trial = brama.tryAcquire(ID);
    clock.advance(Duration.ofSeconds(5));
    trial.success();
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
    assertThat(brama.status(ID).lastFailureReason())
        .isEqualTo("slow call: took PT5S, threshold PT0.1S");
  }

  @Test
  void aQuickTrialWithoutDurationCloses() {
    start(measuring());
    halfOpen();
    Permit trial = brama.tryAcquire(ID);
    clock.advance(THRESHOLD);
    trial.success();
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.CLOSED);
  }

  // ---- slowCall needs a rate policy ----

  @Test
  void slowCallWithTheConsecutivePolicyIsRejectedAtBuild() {
    assertThatThrownBy(() -> BramaConfig.builder().slowCall(THRESHOLD, 50).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slowCall needs a rate policy");
    assertThatThrownBy(() -> BramaConfig.builder().maxAttempts(3).slowCall(THRESHOLD, 50).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slowCall needs a rate policy");
    assertThatThrownBy(() -> ConnectionConfig.builder().slowCall(THRESHOLD, 50).maxAttempts(3)
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slowCall needs a rate policy");
    assertThat(ConnectionConfig.builder().slowCall(THRESHOLD, 50).build().slowCallThreshold())
        .contains(THRESHOLD);
    BramaConfig ok = BramaConfig.builder().slowCall(THRESHOLD, 50).failurePolicy(rate(50, 10, 5))
        .build();
    assertThat(ok.slowCallThreshold()).contains(THRESHOLD);
    assertThat(ok.slowCallRatePercent()).isEqualTo(50);
  }

  @Test
  void slowCallOverAGlobalConsecutivePolicyIsRejectedAtRegister() {
    brama = TestBrama.newBrama(clock, BramaConfig.builder().maxAttempts(3));
    Registration reg = Registration.builder()
        .config(ConnectionConfig.builder().slowCall(THRESHOLD, 50).build()).build();
    assertThatThrownBy(() -> brama.register(ID, reg))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slowCall needs a rate policy");
    assertThat(brama.isRegistered(ID)).isFalse();

    brama.register(ID, Registration.builder().config(ConnectionConfig.builder()
        .failurePolicy(rate(50, 10, 5)).slowCall(THRESHOLD, 50).build()).build());
    assertThat(brama.status(ID).window()).isNotNull();
  }

  @Test
  void aConsecutiveOverrideOfAGlobalSlowCallLeavesTheSlowCallOut() {
    // issue 14: an inherited slowCall does not apply under the connection's consecutive policy
    brama = TestBrama.newBrama(clock, measuring());
    brama.register(ID, Registration.builder()
        .config(ConnectionConfig.builder().maxAttempts(3).build()).build());
    assertThat(brama.status(ID).maxAttempts()).isEqualTo(3);
    assertThat(brama.status(ID).window()).isNull();
  }

  @Test
  void configureThatWouldCombineSlowCallWithConsecutiveIsRejected() {
    start(BramaConfig.builder().failurePolicy(rate(50, 10, 5)).expiry(EXPIRY));
    brama.configure(ID, ConnectionConfig.builder().slowCall(THRESHOLD, 50).build());
    brama.failure(ID);

    assertThatThrownBy(() -> brama.configure(ID, ConnectionConfig.builder().maxAttempts(3).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slowCall needs a rate policy");

    ConnectionStatus s = brama.status(ID);
    assertThat(s.maxAttempts()).isZero();
    assertWindow(s.window(), 1, 1, 0);
    brama.tryAcquire(ID).success(Duration.ofSeconds(1));
    assertWindow(brama.status(ID).window(), 2, 1, 1);
  }

  @Test
  void configuringSlowCallOnAConsecutiveConnectionIsRejected() {
    start(BramaConfig.builder().maxAttempts(3).expiry(EXPIRY));
    assertThatThrownBy(() -> brama.configure(ID,
        ConnectionConfig.builder().slowCall(THRESHOLD, 50).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slowCall needs a rate policy");
    assertThat(brama.status(ID).maxAttempts()).isEqualTo(3);
  }

  @Test
  void changingTheSlowCallSettingsStartsANewWindow() {
    start(measuring());
    brama.failure(ID);
    brama.tryAcquire(ID).success(Duration.ofSeconds(1));
    assertWindow(window(), 2, 1, 1);
    brama.configure(ID, ConnectionConfig.builder().slowCall(Duration.ofSeconds(2), 100).build());
    assertWindow(window(), 0, 0, 0);
    brama.tryAcquire(ID).success(Duration.ofSeconds(1));
    assertWindow(window(), 1, 0, 0);
  }

  @Test
  void invalidSlowCallSettingsAreRejectedNamingTheField() {
    assertThatThrownBy(() -> BramaConfig.builder().slowCall(Duration.ZERO, 50))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("threshold must be > 0, was PT0S");
    assertThatThrownBy(() -> BramaConfig.builder().slowCall(null, 50))
        .isInstanceOf(NullPointerException.class).hasMessage("threshold must not be null");
    assertThatThrownBy(() -> BramaConfig.builder().slowCall(THRESHOLD, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slowRatePercent must be in (0, 100], was 0.0");
    assertThatThrownBy(() -> ConnectionConfig.builder().slowCall(THRESHOLD, 100.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slowRatePercent must be in (0, 100], was 100.5");
  }
}
