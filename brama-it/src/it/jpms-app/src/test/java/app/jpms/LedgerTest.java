package app.jpms;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.CircuitState;
import io.brama.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LedgerTest {
  @Test
  void runsOnTheModulePath() {
    assertThat(LedgerTest.class.getModule().getName()).isEqualTo("app.jpms");
    assertThat(Brama.class.getModule().getName()).isEqualTo("io.brama");
    assertThat(LedgerTest.class.getModule().canRead(Brama.class.getModule())).isTrue();
  }

  @Test
  void opensAfterTwoFailuresAndRecoversOnTheManualClock() {
    ManualClock clock = new ManualClock();
    try (Ledger ledger = new Ledger(clock)) {
      ledger.report(false);
      assertThat(ledger.state()).isEqualTo(CircuitState.CLOSED);
      ledger.report(false);
      assertThat(ledger.state()).isEqualTo(CircuitState.OPEN);
      assertThat(ledger.available()).isFalse();

      clock.advance(Ledger.EXPIRY.minus(Duration.ofMillis(1)));
      assertThat(ledger.available()).isFalse();

      clock.advance(Duration.ofMillis(1));
      assertThat(ledger.available()).isTrue(); // the half-open trial
      ledger.report(true);
      assertThat(ledger.state()).isEqualTo(CircuitState.CLOSED);
    }
  }
}
