package io.brama.mutation;

import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.direct;
import static io.brama.fixtures.TestBrama.unswept;
import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.EventType;
import io.brama.FailurePolicy;
import io.brama.fixtures.EventRecorder;
import io.brama.fixtures.TestBrama;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The fast paths taken when nobody subscribes to per-call events still record exactly what the
 * slow paths record: lastSuccessAt (exact with a non-default clock), lastFailureAt, and an open the
 * window asks for; and with a subscriber the SUCCESS events are emitted.
 */
class QuietPathsTest {
  private final HookClock clock = new HookClock();
  @AutoClose
  private Brama brama;

  private static BramaConfig.Builder rate() {
    return BramaConfig.builder().failurePolicy(FailurePolicy.rate(50, 4, 4))
        .cleanupInterval(TestBrama.NO_SWEEP);
  }

  @Test
  void aHealthySuccessByNameSetsLastSuccessAtExactly() {
    brama = direct(clock, unswept(3, Duration.ofSeconds(10)));
    brama.register("a");
    clock.advance(Duration.ofSeconds(5));

    brama.success("a");

    assertThat(brama.status("a").lastSuccessAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void aWindowSuccessWithoutSubscribersSetsLastSuccessAtExactly() {
    brama = direct(clock, rate());
    brama.register("a");
    clock.advance(Duration.ofSeconds(5));

    brama.success("a");
    clock.advance(Duration.ofSeconds(1));
    brama.tryAcquire("a").success();

    ConnectionStatus s = brama.status("a");
    assertThat(s.lastSuccessAt()).isEqualTo(T0.plusSeconds(6));
    assertThat(s.window().calls()).isEqualTo(2);
  }

  @Test
  void aWindowFailureWithoutSubscribersSetsLastFailure() {
    brama = direct(clock, rate());
    brama.register("a");
    clock.advance(Duration.ofSeconds(5));

    brama.failure("a", "x");

    ConnectionStatus s = brama.status("a");
    assertThat(s.lastFailureAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(s.lastFailureReason()).isEqualTo("x");
    assertThat(s.lastSuccessAt()).isNull();
    assertThat(s.window().failures()).isEqualTo(1);
  }

  @Test
  void aSlowSuccessThatReachesTheSlowRateOpensWithoutSubscribers() {
    brama = direct(clock, BramaConfig.builder().failurePolicy(FailurePolicy.rate(100, 2, 2))
        .slowCall(Duration.ofMillis(100), 50).cleanupInterval(TestBrama.NO_SWEEP));
    brama.register("a");
    brama.tryAcquire("a").success(Duration.ofMillis(10));
    assertThat(brama.status("a").state()).isEqualTo(CircuitState.CLOSED);

    brama.tryAcquire("a").success(Duration.ofMillis(200)); // 1 of 2 slow: 50 %

    ConnectionStatus s = brama.status("a");
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.openedAt()).isEqualTo(T0);
    assertThat(s.lastSuccessAt()).isEqualTo(T0);
  }

  @Test
  void aWindowSuccessEmitsItsEventToASubscriber() {
    brama = direct(clock, rate());
    EventRecorder rec = EventRecorder.subscribe(brama, EventType.SUCCESS);
    brama.register("a");
    clock.advance(Duration.ofSeconds(2));

    brama.success("a");
    brama.tryAcquire("a").success();

    assertThat(rec.moves()).containsExactly("SUCCESS ->CLOSED", "SUCCESS ->CLOSED");
    assertThat(rec.events().get(0).timestamp()).isEqualTo(T0.plusSeconds(2));
    assertThat(brama.status("a").lastSuccessAt()).isEqualTo(T0.plusSeconds(2));
  }
}
