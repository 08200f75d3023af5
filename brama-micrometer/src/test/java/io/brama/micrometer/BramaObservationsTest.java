package io.brama.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitOpenException;
import io.brama.testing.ManualClock;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each guarded call as a {@code brama.call} observation (rules O1 and O2 through Micrometer): its
 * connection, state and outcome as low-cardinality key values, a failure's exception and a
 * rejection as its error, the current observation as its parent.
 */
class BramaObservationsTest {
  private final ManualClock clock = new ManualClock();
  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private Brama brama;

  @AfterEach
  void close() {
    if (brama != null) {
      brama.close();
    }
  }

  private void start() {
    brama = Brama.builder().clock(clock).observer(BramaObservations.of(registry))
        .config(BramaConfig.builder().maxAttempts(1).expiry(Duration.ofSeconds(30)).build())
        .build();
    brama.register("payment_api");
  }

  @Test
  void aSuccessfulCallIsAStoppedObservationWithItsKeyValues() {
    start();
    Observation parent = Observation.start("http.server.requests", registry);
    try (Observation.Scope scope = parent.openScope()) {
      brama.call("payment_api", () -> "paid");
    }
    parent.stop();

    assertThat(registry).hasNumberOfObservationsWithNameEqualTo(BramaObservations.NAME, 1)
        .hasObservationWithNameEqualTo(BramaObservations.NAME).that()
        .hasBeenStarted().hasBeenStopped()
        .hasContextualNameEqualTo("brama payment_api")
        .hasLowCardinalityKeyValue("brama.connection", "payment_api")
        .hasLowCardinalityKeyValue("brama.state", "closed")
        .hasLowCardinalityKeyValue("brama.outcome", "success")
        .doesNotHaveError()
        .hasParentObservationEqualTo(parent);
  }

  @Test
  void aFailureCarriesItsExceptionAndARejectionIsAnObservationWithAnError() {
    start();
    IOException down = new IOException("connection refused");
    assertThatThrownBy(() -> brama.call("payment_api", () -> {
      throw down;
    })).isSameAs(down);
    CircuitOpenException rejected = null;
    try {
      brama.call("payment_api", () -> "never");
    } catch (CircuitOpenException e) {
      rejected = e;
    }
    CircuitOpenException caught = rejected;

    assertThat(registry).hasNumberOfObservationsWithNameEqualTo(BramaObservations.NAME, 2);
    assertThat(registry).hasAnObservation(o -> o
        .hasLowCardinalityKeyValue("brama.outcome", "failure")
        .hasLowCardinalityKeyValue("brama.state", "closed")
        .assertThatError().isSameAs(down));
    assertThat(registry).hasAnObservation(o -> o
        .hasLowCardinalityKeyValue("brama.outcome", "rejected")
        .hasLowCardinalityKeyValue("brama.state", "open")
        .assertThatError().isSameAs(caught));
  }

  @Test
  void anAsyncCallIsObservedUntilItsStageCompletesAndATrialIsHalfOpen() {
    start();
    brama.open("payment_api", "test");
    clock.advance(Duration.ofSeconds(30));
    CompletableFuture<String> stage = new CompletableFuture<>();
    brama.callAsync("payment_api", () -> stage);
    assertThat(registry).hasObservationWithNameEqualTo(BramaObservations.NAME).that()
        .hasBeenStarted().isNotStopped()
        .hasLowCardinalityKeyValue("brama.state", "half_open");

    stage.complete("ok");
    assertThat(registry).hasObservationWithNameEqualTo(BramaObservations.NAME).that()
        .hasBeenStopped().hasLowCardinalityKeyValue("brama.outcome", "success");
  }

  @Test
  void anIgnoredCallSaysSoAndAPermitIsObservedLikeACall() {
    brama = Brama.builder().clock(clock).observer(BramaObservations.of(registry))
        .config(BramaConfig.builder().ignoreExceptions(IllegalArgumentException.class).build())
        .build();
    brama.register("payment_api");
    brama.tryAcquire("payment_api").complete(null, new IllegalArgumentException("bad order"));

    assertThat(registry).hasObservationWithNameEqualTo(BramaObservations.NAME).that()
        .hasBeenStopped().hasLowCardinalityKeyValue("brama.outcome", "ignored")
        .doesNotHaveError();
  }

  @Test
  void aNoopRegistryMakesNothingAndNullIsNamed() {
    Assertions.assertThat(BramaObservations.of(ObservationRegistry.NOOP)
        .admitted("x", io.brama.CircuitState.CLOSED)).isNull();
    assertThatThrownBy(() -> BramaObservations.of(null))
        .isInstanceOf(NullPointerException.class).hasMessage("registry");
    Assertions.assertThat(KeyValue.of(BramaObservations.OUTCOME, "success").getKey())
        .isEqualTo("brama.outcome");
  }
}
