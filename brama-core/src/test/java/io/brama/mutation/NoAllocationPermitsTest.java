package io.brama.mutation;

import static io.brama.fixtures.TestBrama.direct;
import static io.brama.fixtures.TestBrama.unswept;
import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.Circuit;
import io.brama.CircuitState;
import io.brama.Permit;
import io.brama.fixtures.TestBrama;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The README's cost promise, checked by identity: a CLOSED circuit hands every call the same permit
 * (even after its picture changed within the generation), and an OPEN circuit refuses with the same
 * permit for as long as nothing changed (reading the status changes nothing).
 */
class NoAllocationPermitsTest {
  private final HookClock clock = new HookClock();
  @AutoClose
  private Brama brama;

  @Test
  void aClosedGenerationSharesOnePermitAcrossFailureCountChanges() {
    brama = direct(clock, unswept(3, Duration.ofSeconds(10)));
    Circuit c = brama.register("a");
    Permit first = c.tryAcquire();

    c.failure("x");
    assertThat(c.status().failureCount()).isEqualTo(1);
    Permit afterFailure = c.tryAcquire();
    brama.reset("a"); // on CLOSED: clears the count, same generation
    Permit afterReset = c.tryAcquire();

    assertThat(afterFailure).isSameAs(first);
    assertThat(afterReset).isSameAs(first);
    assertThat(first.granted()).isTrue();
    // and the shared permit still speaks for the generation
    c.failure("y");
    first.success();
    assertThat(c.status().failureCount()).isZero();
  }

  @Test
  void anOpenCircuitRefusesWithOnePermitWhileNothingChanges() {
    brama = direct(clock, unswept(1, Duration.ofSeconds(10)));
    Circuit c = brama.register("a");
    c.failure("down");
    Permit first = c.tryAcquire();

    clock.advance(Duration.ofSeconds(3));
    assertThat(c.status().state()).isEqualTo(CircuitState.OPEN);
    assertThat(c.state()).isEqualTo(CircuitState.OPEN);
    assertThat(brama.statuses()).hasSize(1);
    Permit second = c.tryAcquire();

    assertThat(first.granted()).isFalse();
    assertThat(second).isSameAs(first);
    assertThat(second.retryAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aRepeatedLateAnswerAtTheSameInstantChangesNothing() {
    brama = direct(clock, unswept(1, Duration.ofSeconds(10)));
    Circuit c = brama.register("a");
    c.failure("down");
    clock.advance(Duration.ofSeconds(1));
    c.success(); // a late answer: only lastSuccessAt moves
    Permit first = c.tryAcquire();

    c.success(); // the same instant again: nothing to record
    c.status();
    Permit second = c.tryAcquire();

    assertThat(second).isSameAs(first);
    assertThat(c.status().lastSuccessAt()).isEqualTo(TestBrama.T0.plusSeconds(1));
    assertThat(c.status().state()).isEqualTo(CircuitState.OPEN);
  }
}
