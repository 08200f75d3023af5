package io.brama.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.CallCounts;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Rules R4 and R5 for a {@code Flux}: the subscription is one call; completion, or a cancellation
 * after an element, is a success; an error is classified (rule A7); a cancellation before any
 * element records nothing in every state (rule S20 for a trial).
 */
class FluxRulesTest extends GuardedTest {
  @Test
  void aCompletionIsOneSuccessHoweverManyElements() {
    start(rules());
    StepVerifier.create(Flux.range(1, 3).transformDeferred(guard()))
        .expectNext(1, 2, 3).verifyComplete();
    assertThat(circuit.calls()).isEqualTo(new CallCounts(1, 0, 0, 0, 0));
  }

  @Test
  void anErrorAfterElementsIsClassified() {
    start(rules());
    StepVerifier.create(Flux.concat(Flux.just(1), Flux.error(new IOException("reset")))
            .transformDeferred(guard()))
        .expectNext(1).verifyError(IOException.class);
    StepVerifier.create(Flux.concat(Flux.just(1), Flux.error(new IllegalArgumentException("bad")))
            .transformDeferred(guard()))
        .expectNext(1).verifyError(IllegalArgumentException.class);
    assertThat(circuit.calls()).isEqualTo(new CallCounts(0, 1, 1, 0, 0));
  }

  @Test
  void aCancellationAfterAnElementIsASuccess() {
    start(rules());
    circuit.failure("earlier");
    StepVerifier.create(Flux.concat(Flux.just(1, 2), Flux.never()).transformDeferred(guard()))
        .expectNext(1, 2).thenCancel().verify();
    StepVerifier.create(Flux.range(1, 100).transformDeferred(guard()).take(3))
        .expectNext(1, 2, 3).verifyComplete();
    assertThat(circuit.calls()).isEqualTo(new CallCounts(2, 1, 0, 0, 0));
    assertThat(circuit.status().failureCount()).as("a success resets the count").isZero();
  }

  @Test
  void aCancellationBeforeAnyElementRecordsNothingInClosed() {
    start(rules());
    circuit.failure("earlier");
    StepVerifier.create(counted(Flux.never()).transformDeferred(guard()))
        .expectSubscription().thenCancel().verify();
    assertThat(subscriptions).hasValue(1);
    assertThat(circuit.calls()).isEqualTo(new CallCounts(0, 1, 1, 0, 0));
    assertThat(circuit.status().failureCount()).isEqualTo(1);
  }

  @Test
  void aCancellationBeforeAnyElementFreesTheTrial() {
    start(rules().halfOpenTrials(1));
    halfOpen();
    Disposable trial = Flux.never().transformDeferred(guard()).subscribe();
    StepVerifier.create(Flux.just(1).transformDeferred(guard()))
        .verifyError(CircuitOpenException.class);

    trial.dispose();

    assertThat(circuit.state()).isEqualTo(CircuitState.HALF_OPEN);
    StepVerifier.create(Flux.just(1, 2).transformDeferred(guard()))
        .expectNext(1, 2).verifyComplete();
    assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(circuit.calls()).isEqualTo(new CallCounts(1, 0, 1, 1, 0));
  }

  @Test
  void aCancelledTrialAfterAnElementClosesTheCircuit() {
    start(rules().halfOpenTrials(1));
    halfOpen();
    StepVerifier.create(Flux.concat(Flux.just("first"), Flux.never()).transformDeferred(guard()))
        .expectNext("first").thenCancel().verify();
    assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED);
  }
}
