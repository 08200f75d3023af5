package io.brama.policy;

import static io.brama.FailurePolicy.consecutive;
import static io.brama.FailurePolicy.rate;
import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.awaitUntil;
import static io.brama.policy.PolicyFixture.ID;
import static io.brama.policy.PolicyFixture.assertWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.FailurePolicy;
import io.brama.Registration;
import io.brama.fixtures.EventRecorder;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The consecutive policy stays the default and behaves as before issue 4. */
class ConsecutivePolicyTest {
  private static final Duration EXPIRY = Duration.ofSeconds(10);
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @AfterEach
  void tearDown() {
    if (brama != null) {
      brama.close();
    }
  }

  private void start(BramaConfig.Builder config) {
    brama = TestBrama.newBrama(clock, config);
    brama.register(ID);
  }

  @Test
  void theDefaultIsTenInARow() {
    assertThat(BramaConfig.defaults().failurePolicy()).isEqualTo(consecutive(10));
    assertThat(BramaConfig.defaults().maxAttempts()).isEqualTo(10);
    assertThat(BramaConfig.builder().build().failurePolicy()).isEqualTo(consecutive(10));
  }

  @Test
  void maxAttemptsIsTheConsecutivePolicy() {
    assertThat(BramaConfig.builder().maxAttempts(3).build())
        .isEqualTo(BramaConfig.builder().failurePolicy(consecutive(3)).build());
    assertThat(BramaConfig.builder().maxAttempts(3).build().failurePolicy())
        .isEqualTo(consecutive(3));
    assertThat(BramaConfig.builder().failurePolicy(consecutive(4)).build().maxAttempts())
        .isEqualTo(4);
    assertThat(ConnectionConfig.builder().maxAttempts(3).build())
        .isEqualTo(ConnectionConfig.builder().failurePolicy(consecutive(3)).build());
    assertThat(ConnectionConfig.builder().failurePolicy(consecutive(4)).build().maxAttempts())
        .isEqualTo(OptionalInt.of(4));
    assertThat(ConnectionConfig.builder().maxAttempts(4).build().failurePolicy())
        .contains(consecutive(4));
    assertThat(ConnectionConfig.empty().failurePolicy()).isEmpty();
    assertThat(ConnectionConfig.empty().maxAttempts()).isEmpty();
  }

  @Test
  void theLastSetterWins() {
    assertThat(BramaConfig.builder().failurePolicy(rate(50, 10, 5)).maxAttempts(3).build()
        .failurePolicy()).isEqualTo(consecutive(3));
    assertThat(BramaConfig.builder().maxAttempts(3).failurePolicy(rate(50, 10, 5)).build()
        .maxAttempts()).isZero();
  }

  @Test
  void invalidMaxAttemptsAreRejected() {
    assertThatThrownBy(() -> consecutive(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be >= 1, was 0");
    assertThatThrownBy(() -> BramaConfig.builder().maxAttempts(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be >= 1, was -1");
  }

  @Test
  void defaultBehaviourOpensOnTheTenthFailureInARow() {
    start(BramaConfig.builder().expiry(EXPIRY));
    EventRecorder rec = new EventRecorder();
    brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), rec);
    for (int i = 1; i <= 9; i++) {
      brama.failure(ID, "e" + i);
    }
    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(s.failureCount()).isEqualTo(9);
    assertThat(s.maxAttempts()).isEqualTo(10);
    assertThat(s.window()).isNull();

    brama.success(ID);
    assertThat(brama.status(ID).failureCount()).isZero();

    for (int i = 1; i <= 9; i++) {
      brama.failure(ID, "f" + i);
    }
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.CLOSED);
    clock.advance(Duration.ofSeconds(1));
    brama.failure(ID, "f10");

    s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.failureCount()).isZero();
    assertThat(s.consecutiveOpens()).isEqualTo(1);
    assertThat(s.openedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusSeconds(1).plus(EXPIRY));
    assertThat(s.window()).isNull();
    awaitUntil(() -> !rec.events().isEmpty());
    assertThat(rec.events().get(0).reason()).as("the failure's own reason").isEqualTo("f10");
  }

  @Test
  void interleavedSuccessesNeverOpen() {
    start(BramaConfig.builder().maxAttempts(3).expiry(EXPIRY));
    for (int i = 0; i < 20; i++) {
      brama.failure(ID);
      brama.failure(ID);
      brama.success(ID); // a 67 % failure rate: a rate policy would open
    }
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.CLOSED);
    assertThat(brama.status(ID).failureCount()).isZero();
  }

  @Test
  void durationsAndSlowActionsMeanNothingToTheConsecutivePolicy() throws Exception {
    start(BramaConfig.builder().maxAttempts(2).expiry(EXPIRY));
    brama.failure(ID);
    brama.call(ID, () -> clock.advance(Duration.ofHours(1)));
    assertThat(brama.status(ID).failureCount()).isZero();
    brama.failure(ID);
    brama.tryAcquire(ID).success(Duration.ofHours(1));
    assertThat(brama.status(ID).failureCount()).isZero();
    brama.tryAcquire(ID).failure("a", Duration.ZERO);
    brama.tryAcquire(ID).failure("b", Duration.ofDays(1));
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aLowerMaxAttemptsStillOpensAtOnceOnConfigure() {
    start(BramaConfig.builder().maxAttempts(5).expiry(EXPIRY));
    brama.failure(ID, "a");
    brama.failure(ID, "b");
    brama.configure(ID, ConnectionConfig.builder().failurePolicy(consecutive(2)).build());
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
    assertThat(brama.status(ID).lastFailureReason()).isEqualTo("b");
  }

  @Test
  void aConnectionCanUseTheConsecutivePolicyUnderAGlobalRatePolicy() {
    brama = TestBrama.newBrama(clock,
        BramaConfig.builder().failurePolicy(rate(50, 10, 2)).expiry(EXPIRY));
    brama.register(ID, Registration.builder()
        .config(ConnectionConfig.builder().maxAttempts(3).build()).build());
    brama.failure(ID);
    brama.success(ID);
    brama.failure(ID);
    brama.failure(ID);
    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(s.failureCount()).isEqualTo(2);
    assertThat(s.maxAttempts()).isEqualTo(3);
    assertThat(s.window()).isNull();
    brama.failure(ID);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void switchingFromRateToConsecutiveCountsFromZero() {
    start(BramaConfig.builder().failurePolicy(rate(100, 10, 10)).expiry(EXPIRY));
    brama.failure(ID);
    brama.failure(ID);
    brama.configure(ID, ConnectionConfig.builder().maxAttempts(2).build());
    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(s.window()).isNull();
    assertThat(s.failureCount()).isZero();
    assertThat(s.maxAttempts()).isEqualTo(2);
    brama.failure(ID);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.CLOSED);
    brama.failure(ID);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void switchingFromConsecutiveToRateStartsAnEmptyWindow() {
    start(BramaConfig.builder().maxAttempts(5).expiry(EXPIRY));
    brama.failure(ID);
    brama.failure(ID);
    brama.configure(ID, ConnectionConfig.builder().failurePolicy(rate(50, 10, 3)).build());
    ConnectionStatus s = brama.status(ID);
    assertThat(s.failureCount()).isZero();
    assertThat(s.maxAttempts()).isZero();
    assertWindow(s.window(), 0, 0, 0);
    brama.failure(ID);
    brama.failure(ID);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void halfOpenUnderTheDefaultPolicyIsUnchanged() {
    start(BramaConfig.builder().maxAttempts(1).expiry(EXPIRY));
    brama.failure(ID, "down");
    clock.advance(EXPIRY);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.HALF_OPEN);
    brama.tryAcquire(ID).success();
    ConnectionStatus s = brama.status(ID);
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(s.consecutiveOpens()).isZero();
    assertThat(s.openedAt()).isNull();
    assertThat(s.window()).isNull();
  }

  @Test
  void policiesAreValues() {
    assertThat(consecutive(3)).isEqualTo(consecutive(3)).isNotEqualTo(consecutive(4));
    assertThat(rate(50, 10, 5)).isEqualTo(rate(50, 10, 5)).isNotEqualTo(rate(50, 10, 4));
    assertThat(FailurePolicy.timedRate(50, EXPIRY, 5))
        .isEqualTo(FailurePolicy.timedRate(50, EXPIRY, 5))
        .isNotEqualTo(FailurePolicy.timedRate(50, EXPIRY.plusMillis(1), 5));
  }
}
