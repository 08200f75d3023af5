package app.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class ShopApplicationTest {
  @Autowired Brama brama;
  @Autowired PaymentClient payments;

  @Test
  void connectionFromApplicationYmlIsRegistered() {
    ConnectionStatus status = brama.status("payment_api");
    assertThat(status.type()).isEqualTo("http");
    assertThat(status.scope()).isEqualTo("payment_services");
    assertThat(status.maxAttempts()).isEqualTo(2);
  }

  @Test
  void guardedBeanOpensTheCircuitAndFallsBack() {
    assertThat(AopUtils.isAopProxy(payments)).isTrue();
    assertThat(brama.status("payment_api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(payments.pay("order-1")).isEqualTo("paid order-1");

    payments.apiDown(true);
    assertThatThrownBy(() -> payments.pay("order-2")).hasMessage("payment API answered 503");
    assertThatThrownBy(() -> payments.pay("order-3")).hasMessage("payment API answered 503");
    assertThat(brama.status("payment_api").state()).isEqualTo(CircuitState.OPEN);

    int reached = payments.attempts();
    assertThat(payments.pay("order-4")).isEqualTo("queued order-4 (payment_api is open)");
    assertThat(payments.attempts()).isEqualTo(reached); // rejected without touching the API
  }
}
