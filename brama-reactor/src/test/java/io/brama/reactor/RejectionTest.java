package io.brama.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitOpenException;
import io.brama.UnknownConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Rule R2: a refused subscription never reaches the source and fails with a
 * {@code CircuitOpenException} carrying {@code retryAfter}, without a stack trace (rules S10 and A2);
 * an unknown id fails the subscription (rule N2); bad arguments are named (rule B1).
 */
class RejectionTest extends GuardedTest {
  @Test
  void aRefusedMonoNeverSubscribesTheSourceAndCarriesRetryAfter() {
    start(rules());
    circuit.open("down");
    clock.advance(Duration.ofSeconds(4));
    StepVerifier.create(counted(Mono.just("x")).transformDeferred(guard()))
        .verifyErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(CircuitOpenException.class)
              .hasMessage("circuit 'remote' is open; retry after PT6S");
          CircuitOpenException open = (CircuitOpenException) e;
          assertThat(open.retryAfter()).isEqualTo(Duration.ofSeconds(6));
          assertThat(open.connection()).isEqualTo(ID);
          assertThat(open.getStackTrace()).isEmpty();
        });
    assertThat(subscriptions).hasValue(0);
    assertThat(circuit.calls().rejected()).isEqualTo(1);
  }

  @Test
  void aRefusedFluxNeverSubscribesTheSource() {
    start(rules());
    circuit.open("down");
    StepVerifier.create(counted(Flux.range(1, 3)).transformDeferred(BramaOperator.of(brama, ID)))
        .verifyErrorSatisfies(e -> assertThat(((CircuitOpenException) e).retryAfter())
            .isEqualTo(EXPIRY));
    assertThat(subscriptions).hasValue(0);
  }

  @Test
  void anUnknownIdFailsTheSubscriptionNotTheAssembly() {
    start(rules());
    Mono<String> guarded = counted(Mono.just("x")).transformDeferred(BramaOperator.of(brama, "other"));
    StepVerifier.create(guarded).verifyErrorSatisfies(e -> assertThat(e)
        .isInstanceOf(UnknownConnectionException.class).hasMessageContaining("'other'"));
    assertThat(subscriptions).hasValue(0);

    brama.register("other"); // looked up at each subscription
    StepVerifier.create(guarded).expectNext("x").verifyComplete();
  }

  @Test
  void anUnregisteredCircuitFailsTheSubscription() {
    start(rules());
    Flux<Integer> guarded = counted(Flux.just(1)).transform(guard());
    circuit.unregister();
    StepVerifier.create(guarded).verifyError(UnknownConnectionException.class);
    assertThat(subscriptions).hasValue(0);
  }

  @Test
  void aClosedBramaFailsTheSubscription() {
    start(rules());
    Mono<String> guarded = Mono.just("x").transformDeferred(guard());
    brama.close();
    StepVerifier.create(guarded).verifyError(IllegalStateException.class);
  }

  @Test
  void nullArgumentsAreNamed() {
    start(rules());
    assertThatThrownBy(() -> BramaOperator.of(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("circuit");
    assertThatThrownBy(() -> BramaOperator.of((Brama) null, ID))
        .isInstanceOf(NullPointerException.class).hasMessage("brama");
    assertThatThrownBy(() -> BramaOperator.of(brama, null))
        .isInstanceOf(NullPointerException.class).hasMessage("id");
    assertThatThrownBy(() -> BramaOperator.<String>of(circuit).apply(null))
        .isInstanceOf(NullPointerException.class).hasMessage("source");
  }
}
