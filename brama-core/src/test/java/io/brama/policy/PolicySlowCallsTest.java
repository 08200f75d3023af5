package io.brama.policy;

import static io.brama.policy.PolicyFixture.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ConsecutiveStatus;
import io.brama.FailurePolicy;
import io.brama.RatePolicy;
import io.brama.Registration;
import io.brama.WindowStatus;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A rate policy that carries its own slow-call rule, and the status's view of every policy. */
class PolicySlowCallsTest {
  private static final Duration THRESHOLD = Duration.ofMillis(100);
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @AfterEach
  void tearDown() {
    if (brama != null) {
      brama.close();
    }
  }

  private Brama start(BramaConfig.Builder config) {
    brama = TestBrama.newBrama(clock, config);
    return brama;
  }

  private void callTaking(String id, Duration d) {
    brama.call(id, () -> {
      clock.advance(d);
      return "done";
    });
  }

  @Test
  void aRatePolicyWithItsOwnSlowCallsOpensOnSlowCalls() {
    start(BramaConfig.builder().failurePolicy(
        FailurePolicy.rate(100, 4, 4).slowCalls(THRESHOLD, 50)));
    brama.register(ID);
    callTaking(ID, Duration.ofMillis(101));
    callTaking(ID, Duration.ofMillis(1));
    callTaking(ID, Duration.ofMillis(1));
    assertThat(brama.status(ID).window()).isEqualTo(new WindowStatus(3, 0, 1, 0, 100 / 3.0));
    callTaking(ID, Duration.ofMillis(200));
    assertThat(brama.circuit(ID).state()).isEqualTo(CircuitState.OPEN);
    assertThat(brama.status(ID).lastFailureReason()).isNull();
  }

  @Test
  void theRuleTravelsWithThePolicyToOneConnection() {
    start(BramaConfig.builder());
    brama.register(ID, Registration.builder().config(ConnectionConfig.builder()
        .failurePolicy(FailurePolicy.timedRate(100, Duration.ofSeconds(10), 2)
            .slowCalls(THRESHOLD, 100)).build()).build());
    brama.register("plain");
    callTaking(ID, Duration.ofMillis(150));
    callTaking("plain", Duration.ofMillis(150));
    assertThat(brama.status(ID).window().slowCalls()).isEqualTo(1);
    assertThat(brama.status("plain").window()).isNull();
    callTaking(ID, Duration.ofMillis(150));
    assertThat(brama.circuit(ID).state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aSlowCallSetOnTheConfigTakesPrecedenceOverThePolicys() {
    start(BramaConfig.builder().failurePolicy(
        FailurePolicy.rate(100, 2, 2).slowCalls(THRESHOLD, 100)).slowCall(Duration.ofSeconds(1), 100));
    brama.register(ID);
    callTaking(ID, Duration.ofMillis(500));
    callTaking(ID, Duration.ofMillis(500));
    assertThat(brama.circuit(ID).state()).isEqualTo(CircuitState.CLOSED);
    assertThat(brama.status(ID).window().slowCalls()).isZero();
  }

  @Test
  void aConnectionWithTheConsecutivePolicyIgnoresTheDefaultPolicysSlowCalls() {
    start(BramaConfig.builder().failurePolicy(
        FailurePolicy.rate(100, 2, 2).slowCalls(THRESHOLD, 100)));
    brama.register(ID, Registration.builder().config(ConnectionConfig.builder().maxAttempts(2)
        .build()).build());
    callTaking(ID, Duration.ofMillis(500));
    callTaking(ID, Duration.ofMillis(500));
    assertThat(brama.circuit(ID).state()).isEqualTo(CircuitState.CLOSED);
    assertThat(brama.status(ID).policy()).isEqualTo(new ConsecutiveStatus(0, 2));
  }

  @Test
  void slowCallsAreValidatedNamingTheFieldAndLeaveThePolicyUnchanged() {
    RatePolicy policy = FailurePolicy.rate(50, 10, 5);
    assertThatThrownBy(() -> policy.slowCalls(null, 50))
        .isInstanceOf(NullPointerException.class).hasMessage("threshold must not be null");
    assertThatThrownBy(() -> policy.slowCalls(Duration.ZERO, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold must be > 0, was PT0S");
    assertThatThrownBy(() -> policy.slowCalls(THRESHOLD, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slowRatePercent must be in (0, 100], was 0.0");
    assertThatThrownBy(() -> policy.slowCalls(THRESHOLD, 100.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slowRatePercent must be in (0, 100], was 100.5");
    RatePolicy slow = policy.slowCalls(THRESHOLD, 50);
    assertThat(slow).isNotEqualTo(policy).isEqualTo(policy.slowCalls(THRESHOLD, 50));
    assertThat(slow.toString()).isEqualTo(
        "rate(50.0%, last 10 calls, minimum 5, slow calls PT0.1S at 50.0%)");
    assertThat(policy.toString()).isEqualTo("rate(50.0%, last 10 calls, minimum 5)");
  }

  @Test
  void theStatusShowsWhatEveryPolicyCounted() {
    start(BramaConfig.builder().maxAttempts(3));
    brama.register("consecutive");
    brama.register("rated", Registration.builder().config(ConnectionConfig.builder()
        .failurePolicy(FailurePolicy.rate(50, 10, 5)).build()).build());
    brama.failure("consecutive", "x");
    brama.failure("consecutive", "x");
    brama.failure("rated", "x");
    brama.success("rated");
    assertThat(brama.status("consecutive").policy()).isEqualTo(new ConsecutiveStatus(2, 3));
    assertThat(brama.status("consecutive").failureCount()).isEqualTo(2);
    assertThat(brama.status("rated").policy()).isEqualTo(new WindowStatus(2, 1, 0, 50, 0));
    assertThat(brama.status("rated").policy()).isEqualTo(brama.status("rated").window());
    brama.open("consecutive");
    brama.open("rated");
    assertThat(brama.status("consecutive").policy()).isEqualTo(new ConsecutiveStatus(0, 3));
    assertThat(brama.status("rated").policy()).isEqualTo(new WindowStatus(0, 0, 0, 0, 0));
    assertThat(brama.status("rated").window()).isNull();
  }

  @Test
  void anAbsurdThresholdSaturatesAndNothingIsEverSlow() {
    start(BramaConfig.builder().failurePolicy(FailurePolicy.rate(100, 2, 2)
        .slowCalls(Duration.ofSeconds(Long.MAX_VALUE), 1)));
    brama.register(ID);
    callTaking(ID, Duration.ofDays(365 * 100));
    callTaking(ID, Duration.ofDays(365 * 100));
    assertThat(brama.status(ID).window().slowCalls()).isZero();
    assertThat(brama.circuit(ID).state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aStatusMadeTheOldWayDerivesItsPolicyView() {
    WindowStatus window = new WindowStatus(4, 1, 0, 25, 0);
    assertThat(status(3, 5, null).policy()).isEqualTo(new ConsecutiveStatus(3, 5));
    assertThat(status(0, 0, window).policy()).isSameAs(window);
    assertThat(status(0, 0, null).policy()).isEqualTo(new WindowStatus(0, 0, 0, 0, 0));
  }

  private static io.brama.ConnectionStatus status(int failures, int maxAttempts,
      WindowStatus window) {
    return new io.brama.ConnectionStatus("a", null, null, java.util.Map.of(), CircuitState.CLOSED,
        failures, maxAttempts, 0, null, null, null, null, null, 0, Duration.ZERO, window);
  }
}
