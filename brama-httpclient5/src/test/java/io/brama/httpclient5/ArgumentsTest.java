package io.brama.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitOpenException;
import io.brama.http.HttpRules;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad arguments are named; the rejection's cause is typed. */
class ArgumentsTest {

  /** Rule B1. */
  @Test
  void nullArgumentsAreNamed() {
    try (Brama brama = Brama.builder().build()) {
      assertThatThrownBy(() -> BramaExecInterceptor.classic(null))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("brama");
      assertThatThrownBy(() -> BramaExecInterceptor.classic(brama, null))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("rules");
      assertThatThrownBy(() -> BramaExecInterceptor.async(null))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("brama");
      assertThatThrownBy(() -> BramaExecInterceptor.async(brama, null))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("rules");
      assertThat(BramaExecInterceptor.classic(brama, HttpRules.defaults())).isNotNull();
    }
    assertThatThrownBy(() -> new CircuitOpenIOException(null))
        .isInstanceOf(NullPointerException.class).hasMessage("cause must not be null");
  }

  @Test
  void aRejectionCarriesItsCauseAndNoStackTrace() {
    CircuitOpenException open = new CircuitOpenException("api:443", Duration.ofSeconds(3));
    CircuitOpenIOException rejection = new CircuitOpenIOException(open);
    assertThat(rejection.getCause()).isSameAs(open);
    assertThat(rejection).hasMessage("circuit 'api:443' is open; retry after PT3S");
    assertThat(rejection.getStackTrace()).isEmpty();
  }
}
