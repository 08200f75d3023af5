package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

  @Test
  void ceilMillisNeverTurnsAPositiveDurationIntoNoTimeout() {
    assertThat(Durations.ceilMillis(Duration.ofNanos(1))).isEqualTo(1);
    assertThat(Durations.ceilMillis(Duration.ofMillis(300))).isEqualTo(300);
    assertThat(Durations.ceilMillis(Duration.ofNanos(300_000_001))).isEqualTo(301);
    assertThat(Durations.ceilMillis(LONGEST)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void sumsAndNanosSaturateInsteadOfOverflowing() {
    assertThat(Durations.saturatedSum(Duration.ofSeconds(15), Duration.ofSeconds(10)))
        .isEqualTo(Duration.ofSeconds(25));
    assertThat(Durations.saturatedSum(LONGEST, LONGEST)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    assertThat(Durations.saturatedSum(Duration.ofNanos(Long.MAX_VALUE), Duration.ofNanos(1)))
        .isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    assertThat(Durations.saturatedNanos(Duration.ofMillis(2))).isEqualTo(2_000_000);
    assertThat(Durations.saturatedNanos(LONGEST)).isEqualTo(Long.MAX_VALUE);
  }
}
