package io.brama.spring.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import feign.FeignException;
import io.brama.Brama;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Feign clients guarded through Brama against a failing loopback backend, with fallbacks. */
class OpenFeignTest extends ServletAppTest {
  @Autowired
  Brama brama;

  @Autowired
  QuotesClient quotes;

  @Autowired
  OrdersClient orders;

  @Autowired
  OrdersFallbackFactory ordersFallbacks;

  @Test
  void theClientsNameIsTheConnectionAndTheFallbackServesFailuresAndRejections() {
    BACKEND.answer("/feign/quote", 200);
    assertThat(quotes.quote()).isEqualTo("backend /feign/quote");
    BACKEND.answer("/feign/quote", 500);
    assertThat(quotes.quote()).isEqualTo("fallback quote");
    assertThat(quotes.quote()).isEqualTo("fallback quote");
    assertThat(brama.status("quotes").state()).isEqualTo(CircuitState.OPEN);

    assertThat(quotes.quote()).isEqualTo("fallback quote");
    assertThat(BACKEND.requests("/feign/quote")).isEqualTo(3);

    BACKEND.answer("/feign/quote", 200);
    CLOCK.advance(Duration.ofSeconds(10));
    assertThat(quotes.quote()).isEqualTo("backend /feign/quote");
    assertThat(brama.status("quotes").state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void theContextIdIsTheConnectionAndTheFallbackFactoryGetsTheExactThrowables() {
    BACKEND.answer("/feign/order", 503);
    assertThat(orders.order()).isEqualTo("fallback order");
    assertThat(orders.order()).isEqualTo("fallback order");
    assertThat(orders.order()).isEqualTo("fallback order");
    assertThat(BACKEND.requests("/feign/order")).isEqualTo(2);

    assertThat(ordersFallbacks.causes).hasSize(3);
    assertThat(ordersFallbacks.causes.subList(0, 2))
        .allSatisfy(t -> assertThat(t).isInstanceOf(FeignException.ServiceUnavailable.class));
    assertThat(ordersFallbacks.causes.get(2)).isInstanceOfSatisfying(CircuitOpenException.class,
        e -> assertThat(e.connection()).isEqualTo("orders-client"));
    assertThat(brama.isRegistered("orders")).isFalse();
  }
}
