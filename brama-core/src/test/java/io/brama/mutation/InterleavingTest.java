package io.brama.mutation;

import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.direct;
import static io.brama.fixtures.TestBrama.unswept;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Another operation landing in the middle of one: the {@link HookClock} runs it inside the clock
 * read that the first operation makes between reading the connection and installing its result,
 * which is where a second thread can act. The first operation must then take effect as if it came
 * entirely before or entirely after the other one, and publish only the events of what it did.
 */
class InterleavingTest {
  private static final Duration EXPIRY = Duration.ofSeconds(10);

  private final HookClock clock = new HookClock();
  @AutoClose
  private Brama brama;

  private static BramaConfig.Builder rateConfig() {
    return BramaConfig.builder().failurePolicy(FailurePolicy.rate(50, 10, 10)).expiry(EXPIRY)
        .cleanupInterval(TestBrama.NO_SWEEP);
  }

  @Test
  void aTryAcquireOvertakenByAResetIsGrantedByTheClosedCircuit() {
    brama = direct(clock, unswept(1, EXPIRY));
    EventRecorder rejected = EventRecorder.subscribe(brama, EventType.REJECTED);
    brama.register("a");
    brama.failure("a", "down");
    clock.onNextRead(() -> brama.reset("a", "operator"));

    Permit p = brama.tryAcquire("a");

    assertThat(clock.armed()).isFalse();
    assertThat(p.granted()).isTrue();
    assertThat(p.retryAfter()).isEqualTo(Duration.ZERO);
    assertThat(p).isSameAs(brama.tryAcquire("a")); // the CLOSED generation's permit
    assertThat(rejected.events()).isEmpty(); // the refusal computed before the reset was discarded
    p.failure("x");
    assertThat(brama.status("a").state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aFailureOvertakenByAResetIsALateAnswerOutsideTheNewWindow() {
    brama = direct(clock, rateConfig());
    brama.register("a");
    brama.open("a", "operator");
    clock.advance(Duration.ofSeconds(1));
    clock.onNextRead(() -> brama.reset("a", "operator"));

    brama.failure("a", "x");

    assertThat(clock.armed()).isFalse();
    ConnectionStatus s = brama.status("a");
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(s.lastFailureAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(s.lastFailureReason()).isEqualTo("x");
    assertThat(s.window().calls()).isZero();
    assertThat(s.window().failures()).isZero();
  }

  @Test
  void aWindowFailureOvertakenByAnOpenIsALateAnswer() {
    brama = direct(clock, rateConfig());
    EventRecorder rec = EventRecorder.subscribe(brama, EventType.STATE_CHANGE, EventType.FAILURE);
    brama.register("a");
    clock.onNextRead(() -> brama.open("a", "operator"));

    brama.failure("a", "x");

    assertThat(clock.armed()).isFalse();
    ConnectionStatus s = brama.status("a");
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.lastFailureAt()).isEqualTo(T0);
    assertThat(s.lastFailureReason()).isEqualTo("x");
    assertThat(rec.moves()).containsExactly("STATE_CHANGE CLOSED->OPEN", "FAILURE ->OPEN");
    assertThat(rec.events().get(1).reason()).isEqualTo("x");
  }

  @Test
  void aWindowFailureOvertakenByAnOpenThatHasExpiredSeesTheHalfOpenCircuit() {
    brama = direct(clock, rateConfig());
    EventRecorder rec = EventRecorder.subscribe(brama, EventType.STATE_CHANGE, EventType.FAILURE);
    brama.register("a");
    Instant later = T0.plusSeconds(1);
    clock.onNextRead(() -> {
      brama.open("a", "operator", Duration.ofSeconds(1));
      clock.set(later); // the failure is then computed exactly at the open's expiry
    });

    brama.failure("a", "x");

    assertThat(clock.armed()).isFalse();
    assertThat(rec.moves()).containsExactly("STATE_CHANGE CLOSED->OPEN",
        "STATE_CHANGE OPEN->HALF_OPEN", "FAILURE ->HALF_OPEN");
    assertThat(rec.events().get(1).timestamp()).isEqualTo(later);
    assertThat(rec.events().get(2).timestamp()).isEqualTo(later);
    ConnectionStatus s = brama.status("a");
    assertThat(s.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(s.lastFailureAt()).isEqualTo(later);
    assertThat(s.activeTrials()).isZero();
  }

  @Test
  void onlyOneOfTwoOverlappingUnregistersSucceeds() {
    brama = direct(clock, unswept(1, EXPIRY));
    brama.register("a");
    List<Boolean> inner = new ArrayList<>();
    brama.subscribe(EventFilter.of(EventType.UNREGISTERED), e -> {
      if (inner.isEmpty()) {
        inner.add(brama.unregister("a")); // while the first unregister is finishing
      }
    });

    boolean outer = brama.unregister("a");

    assertThat(outer).isTrue();
    assertThat(inner).containsExactly(false);
    assertThat(brama.isRegistered("a")).isFalse();
    assertThat(brama.unregister("a")).isFalse();
  }
}
