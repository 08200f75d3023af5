package io.brama.spring;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitOpenException;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code brama.observations.enabled}: with an {@code ObservationRegistry} bean every guarded call is
 * a {@code brama.call} observation (rules O1 and O2 through the starter); off by default.
 */
class ObservationsTest {
  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private final ApplicationContextRunner runner = Contexts.runner()
      .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(
          BramaObservationsAutoConfiguration.class))
      .withPropertyValues("brama.metrics.enabled=false", "brama.max-attempts=1")
      .withBean(ObservationRegistry.class, () -> registry);

  @Test
  void offByDefault() {
    runner.run(context -> {
      Brama brama = context.getBean(Brama.class);
      brama.register("payment_api");
      brama.call("payment_api", () -> "paid");
      assertThat(registry).doesNotHaveAnyObservation();
    });
  }

  @Test
  void onEveryGuardedCallIsAnObservationAndARejectionOneWithAnError() {
    runner.withPropertyValues("brama.observations.enabled=true").run(context -> {
      Brama brama = context.getBean(Brama.class);
      brama.register("payment_api");
      brama.call("payment_api", () -> "paid");
      brama.open("payment_api", "maintenance");
      assertThatThrownBy(() -> brama.call("payment_api", () -> "never"))
          .isInstanceOf(CircuitOpenException.class);

      assertThat(registry).hasNumberOfObservationsWithNameEqualTo("brama.call", 2);
      assertThat(registry).hasAnObservation(o -> o
          .hasLowCardinalityKeyValue("brama.connection", "payment_api")
          .hasLowCardinalityKeyValue("brama.outcome", "success"));
      assertThat(registry).hasAnObservation(o -> o
          .hasLowCardinalityKeyValue("brama.outcome", "rejected")
          .assertThatError().isInstanceOf(CircuitOpenException.class));
    });
  }

  @Test
  void onWithoutARegistryChangesNothing() {
    Contexts.runner().withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations
            .of(BramaObservationsAutoConfiguration.class))
        .withPropertyValues("brama.metrics.enabled=false", "brama.observations.enabled=true")
        .run(context -> {
          Brama brama = context.getBean(Brama.class);
          brama.register("x");
          Assertions.assertThat(brama.call("x", () -> "fine")).isEqualTo("fine");
        });
  }
}
