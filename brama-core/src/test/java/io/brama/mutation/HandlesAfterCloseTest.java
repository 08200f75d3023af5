package io.brama.mutation;

import static io.brama.fixtures.TestBrama.direct;
import static io.brama.fixtures.TestBrama.unswept;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.Circuit;
import io.brama.Permit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A Circuit handle of a closed Brama throws IllegalStateException from every operation, whatever
 * state the circuit was in; handles and permits describe themselves for logs.
 */
class HandlesAfterCloseTest {
  private final HookClock clock = new HookClock();

  private static void closedBramaRefuses(Executable operation) {
    assertThatThrownBy(operation::execute).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aClosedCircuitsHandleThrowsAfterTheBramaIsClosed() {
    Brama brama = direct(clock, unswept(3, Duration.ofSeconds(10)));
    Circuit c = brama.register("a");
    Permit held = c.tryAcquire();
    brama.close();

    closedBramaRefuses(c::available);
    closedBramaRefuses(c::tryAcquire);
    closedBramaRefuses(c::state);
    closedBramaRefuses(c::status);
    closedBramaRefuses(c::success);
    closedBramaRefuses(c::failure);
    closedBramaRefuses(() -> c.call(() -> "x"));
    held.failure("late"); // a no-op, not an exception
    held.success();
    assertThat(c.id()).isEqualTo("a");
  }

  @Test
  void anOpenCircuitsHandleThrowsAfterTheBramaIsClosed() {
    Brama brama = direct(clock, unswept(1, Duration.ofSeconds(10)));
    Circuit c = brama.register("a");
    c.failure("down");
    brama.close();

    closedBramaRefuses(c::available);
    closedBramaRefuses(c::tryAcquire);
    closedBramaRefuses(c::state);
  }

  @Test
  void handlesAndPermitsNameTheirConnectionAndKind() {
    try (Brama brama = direct(clock, unswept(1, Duration.ofSeconds(10)).halfOpenTrials(1))) {
      Circuit c = brama.register("orders");
      assertThat(c).hasToString("Circuit[orders, CLOSED]");
      assertThat(c.tryAcquire().toString()).startsWith("Permit[orders, closed");

      c.failure("down");
      assertThat(c).hasToString("Circuit[orders, OPEN]");
      assertThat(c.tryAcquire()).hasToString("Permit[orders, refused]");

      clock.advance(Duration.ofSeconds(10));
      assertThat(c.tryAcquire().toString()).startsWith("Permit[orders, trial ");

      brama.unregister("orders");
      assertThat(c).hasToString("Circuit[orders, unregistered]");
    }
  }
}
