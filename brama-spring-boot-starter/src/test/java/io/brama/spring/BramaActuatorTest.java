package io.brama.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code brama} endpoint's operations and the health indicator's verdicts. */
class BramaActuatorTest {
  private final ApplicationContextRunner runner = Contexts.runner()
      .withBean(BramaBuilderCustomizer.class, () -> builder -> builder.clock(new ManualClock()))
      .withPropertyValues("management.endpoints.jmx.exposure.include=brama", "spring.jmx.enabled=true")
      .withInitializer(Contexts.yaml("""
          brama.connections:
            "[payment_api]": { type: http, scope: payment_services, max-attempts: 2 }
            "[ledger_db]": { type: jdbc }
          """));

  @Test
  void theHealthStaysUpWhileACircuitIsOpenAndListsEveryState() {
    runner.run(context -> {
      Brama brama = context.getBean(Brama.class);
      brama.open("payment_api", "maintenance");
      Health health = context.getBean(BramaHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("open", 1)
          .containsEntry("connections", Map.of("ledger_db", "CLOSED", "payment_api", "OPEN"));
    });
  }

  @Test
  void downWhenOpenMakesAnOpenCircuitDown() {
    runner.withPropertyValues("brama.health.down-when-open=true").run(context -> {
      Brama brama = context.getBean(Brama.class);
      BramaHealthIndicator indicator = context.getBean(BramaHealthIndicator.class);
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
      brama.failure("payment_api", "x");
      brama.failure("payment_api", "x");
      assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
      brama.reset("payment_api");
      assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    });
  }

  @Test
  void theHealthIndicatorCanBeDisabled() {
    runner.withPropertyValues("management.health.brama.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(BramaHealthIndicator.class));
  }

  @Test
  void theEndpointListsShowsOpensAndResets() {
    runner.run(context -> {
      Brama brama = context.getBean(Brama.class);
      BramaEndpoint endpoint = context.getBean(BramaEndpoint.class);
      brama.failure("payment_api", "HTTP 503");
      assertThat(endpoint.connections().connections()).extracting(ConnectionDescriptor::id)
          .containsExactly("ledger_db", "payment_api");

      ConnectionDescriptor payment = endpoint.connection("payment_api");
      assertThat(payment.type()).isEqualTo("http");
      assertThat(payment.state()).isEqualTo("CLOSED");
      assertThat(payment.failureCount()).isEqualTo(1);
      assertThat(payment.lastFailureReason()).isEqualTo("HTTP 503");
      assertThat(payment.calls().failures()).isEqualTo(1);
      assertThat(endpoint.connection("nope")).isNull();

      ConnectionDescriptor opened = endpoint.update("payment_api", "open", "deploy", Duration.ofSeconds(30));
      assertThat(opened.state()).isEqualTo("OPEN");
      assertThat(opened.retryAfter()).isEqualTo("PT30S");
      assertThat(endpoint.update("payment_api", "reset", null, null).state()).isEqualTo("CLOSED");
    });
  }

  @Test
  void theEndpointRefusesBadRequestsWithA400() {
    runner.run(context -> {
      BramaEndpoint endpoint = context.getBean(BramaEndpoint.class);
      assertThatThrownBy(() -> endpoint.update("payment_api", "explode", null, null))
          .isInstanceOf(InvalidEndpointRequestException.class)
          .hasMessage("action must be 'open' or 'reset', was 'explode'");
      assertThatThrownBy(() -> endpoint.update("nope", "open", null, null))
          .isInstanceOf(InvalidEndpointRequestException.class)
          .hasMessage("no connection 'nope' is registered");
      assertThatThrownBy(() -> endpoint.update("payment_api", "reset", null, Duration.ofSeconds(1)))
          .isInstanceOf(InvalidEndpointRequestException.class)
          .hasMessage("duration applies only to action 'open', was PT1S");
      assertThatThrownBy(() -> endpoint.update("payment_api", "open", null, Duration.ZERO))
          .isInstanceOf(InvalidEndpointRequestException.class)
          .hasMessageContaining("duration");
    });
  }

  @Test
  void theEndpointIsOnlyCreatedWhenExposed() {
    Contexts.runner().run(context -> assertThat(context).doesNotHaveBean(BramaEndpoint.class));
  }
}
