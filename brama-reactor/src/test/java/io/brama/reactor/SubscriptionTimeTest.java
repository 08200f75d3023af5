package io.brama.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.CallCounts;
import io.brama.CircuitOpenException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Rule R1: the permit is taken at subscription, never at assembly, and a subscription is a call. */
class SubscriptionTimeTest extends GuardedTest {
  @Test
  void assembledWhileOpenAndSubscribedAfterTheCircuitClosedIsAdmitted() {
    start(rules());
    circuit.open("down");
    Mono<String> viaTransform = counted(Mono.just("a")).transform(guard());
    Mono<String> viaDeferred = counted(Mono.just("b")).transformDeferred(guard());
    Flux<Integer> fluxViaTransform = counted(Flux.just(1)).transform(guard());

    circuit.reset();

    StepVerifier.create(viaTransform).expectNext("a").verifyComplete();
    StepVerifier.create(viaDeferred).expectNext("b").verifyComplete();
    StepVerifier.create(fluxViaTransform).expectNext(1).verifyComplete();
    assertThat(subscriptions).hasValue(3);
    assertThat(circuit.calls()).isEqualTo(new CallCounts(3, 0, 0, 0, 0));
  }

  @Test
  void assembledWhileClosedAndSubscribedWhileOpenIsRefused() {
    start(rules());
    Mono<String> viaTransform = counted(Mono.just("a")).transform(guard());
    Mono<String> viaDeferred = counted(Mono.just("b")).transformDeferred(guard());
    Flux<Integer> fluxViaTransform = counted(Flux.just(1)).transform(guard());

    circuit.open("down");

    StepVerifier.create(viaTransform).verifyError(CircuitOpenException.class);
    StepVerifier.create(viaDeferred).verifyError(CircuitOpenException.class);
    StepVerifier.create(fluxViaTransform).verifyError(CircuitOpenException.class);
    assertThat(subscriptions).hasValue(0);
    assertThat(circuit.calls()).isEqualTo(new CallCounts(0, 0, 0, 3, 0));
  }

  @Test
  void eachSubscriptionIsOneCall() {
    start(rules());
    Mono<String> guarded = counted(Mono.just("x")).transform(guard());
    StepVerifier.create(guarded.repeat(2)).expectNext("x", "x", "x").verifyComplete();
    assertThat(subscriptions).hasValue(3);
    assertThat(circuit.calls()).isEqualTo(new CallCounts(3, 0, 0, 0, 0));
  }

  @Test
  void aRetryIsACallPerAttemptAndStopsAtTheOpenCircuit() {
    start(rules().maxAttempts(2));
    StepVerifier.create(counted(Mono.error(new IOException("down"))).transformDeferred(guard())
            .retry(3))
        .verifyError(CircuitOpenException.class);
    assertThat(subscriptions).as("the source is not touched once open").hasValue(2);
    assertThat(circuit.calls()).isEqualTo(new CallCounts(0, 2, 0, 2, 0));
  }
}
