package io.brama.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.Brama;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.spi.CallObserver;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Rules O1 and O2 through the operator: a subscription is one observed call (its permit is),
 * admitted at subscription and ended with its outcome, or rejected.
 */
class ObservedTest extends GuardedTest {
  private final List<String> heard = new CopyOnWriteArrayList<>();

  private void startObserved() {
    brama = Brama.builder().config(rules().build()).clock(clock).eventExecutor(Runnable::run)
        .observer(new CallObserver() {
          @Override
          public Call admitted(String connection, CircuitState state) {
            heard.add("admitted " + state);
            return (outcome, reason) -> heard.add("ended " + outcome);
          }

          @Override
          public void rejected(String connection, CircuitState state,
              CircuitOpenException rejection) {
            heard.add("rejected " + state);
          }
        }).build();
    circuit = brama.register(ID);
  }

  @Test
  void eachSubscriptionIsOneObservedCall() {
    startObserved();
    Mono<String> quote = Mono.just("q").transformDeferred(guard());
    assertThat(heard).isEmpty(); // nothing at assembly

    StepVerifier.create(quote).expectNext("q").verifyComplete();
    StepVerifier.create(Flux.range(1, 3).transformDeferred(guard())).expectNext(1, 2, 3)
        .verifyComplete();
    StepVerifier.create(Mono.error(new IOException("down")).transformDeferred(guard()))
        .verifyError(IOException.class);
    StepVerifier.create(Mono.never().transformDeferred(guard())).thenCancel().verify();
    circuit.open("down");
    StepVerifier.create(quote).verifyError(CircuitOpenException.class);

    assertThat(heard).containsExactly("admitted CLOSED", "ended SUCCESS",
        "admitted CLOSED", "ended SUCCESS", "admitted CLOSED", "ended FAILURE",
        "admitted CLOSED", "ended IGNORE", "rejected OPEN");
  }
}
