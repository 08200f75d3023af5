package io.brama.mutation;

import static io.brama.fixtures.TestBrama.direct;
import static io.brama.fixtures.TestBrama.unswept;
import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import io.brama.internal.Nanos;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's epoch-nanosecond arithmetic: exact inside the long range, saturating (never wrapping)
 * at its ends; and the same rules seen through the public API with extreme durations and clocks on
 * both sides of 1970.
 */
class NanosTest {
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L; // 9223372036

  @Test
  void durationsSaturateInsteadOfWrapping() {
    assertThat(Nanos.of(Duration.ofSeconds(MAX_SECONDS, 999_999_999))).isEqualTo(Long.MAX_VALUE);
    assertThat(Nanos.of(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Nanos.of(Duration.ofSeconds(MAX_SECONDS - 1, 999_999_999)))
        .isEqualTo((MAX_SECONDS - 1) * 1_000_000_000L + 999_999_999);
    assertThat(Nanos.of(Duration.ofMillis(1500))).isEqualTo(1_500_000_000L);
  }

  @Test
  void instantsSaturateInsideTheLongRangeAndNeverHitNone() {
    assertThat(Nanos.of(Instant.ofEpochSecond(MAX_SECONDS, 999_999_999)))
        .isEqualTo(Long.MAX_VALUE - 1);
    assertThat(Nanos.of(Instant.MAX)).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(Nanos.of(Instant.MIN)).isEqualTo(Long.MIN_VALUE + 1).isNotEqualTo(Nanos.NONE);
    assertThat(Nanos.of(Instant.ofEpochSecond(-5, 1))).isEqualTo(-4_999_999_999L);
    assertThat(Nanos.toInstant(-4_999_999_999L)).isEqualTo(Instant.ofEpochSecond(-5, 1));
  }

  @Test
  void plusIsExactWithoutOverflowAndSaturatesWithIt() {
    assertThat(Nanos.plus(1, 2)).isEqualTo(3);
    assertThat(Nanos.plus(0, 7)).isEqualTo(7);
    assertThat(Nanos.plus(-5, 10)).isEqualTo(5);
    assertThat(Nanos.plus(-10, 3)).isEqualTo(-7);
    assertThat(Nanos.plus(Long.MAX_VALUE - 5, 10)).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(Nanos.plus(Long.MAX_VALUE - 1, 1)).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(Nanos.plus(Long.MAX_VALUE - 2, 1)).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(Nanos.plus(Long.MAX_VALUE - 3, 1)).isEqualTo(Long.MAX_VALUE - 2);
    assertThat(Nanos.plus(1, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE - 1);
  }

  @Test
  void untilIsTheTimeLeftAndZeroOnceDue() {
    assertThat(Nanos.until(10, 3)).isEqualTo(Duration.ofNanos(7));
    assertThat(Nanos.until(-3, -10)).isEqualTo(Duration.ofNanos(7));
    assertThat(Nanos.until(3, 3)).isEqualTo(Duration.ZERO);
    assertThat(Nanos.until(2, 3)).isEqualTo(Duration.ZERO);
  }

  @Test
  void anOpenForThreeCenturiesStaysOpen() {
    HookClock clock = new HookClock();
    try (Brama brama = direct(clock, unswept(3, Duration.ofSeconds(10)))) {
      brama.register("a");
      brama.open("a", "maintenance", Duration.ofSeconds(MAX_SECONDS, 999_999_999));
      clock.advance(Duration.ofDays(365 * 200));

      ConnectionStatus s = brama.status("a");
      assertThat(s.state()).isEqualTo(CircuitState.OPEN);
      assertThat(brama.available("a")).isFalse();
      assertThat(s.halfOpensAt()).isEqualTo(Nanos.toInstant(Long.MAX_VALUE - 1));
    }
  }

  /** The epoch itself, just before it, and an ordinary date: the expiry is added exactly. */
  @ParameterizedTest
  @ValueSource(strings = {"1970-01-01T00:00:00Z", "1969-12-31T23:59:55Z", "1969-12-31T23:59:59.5Z",
      "2026-01-01T00:00:00Z"})
  void theExpiryIsAddedExactlyOnAnyEpoch(String start) {
    Instant t0 = Instant.parse(start);
    HookClock clock = new HookClock(t0);
    try (Brama brama = direct(clock, unswept(1, Duration.ofSeconds(10)))) {
      brama.register("a");
      brama.failure("a", "down");

      ConnectionStatus s = brama.status("a");
      assertThat(s.openedAt()).isEqualTo(t0);
      assertThat(s.halfOpensAt()).isEqualTo(t0.plusSeconds(10));
      clock.set(t0.plusSeconds(10));
      assertThat(brama.status("a").state()).isEqualTo(CircuitState.HALF_OPEN);
    }
  }
}
