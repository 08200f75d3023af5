package io.brama.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.CallCounts;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ErrorHandler;
import io.brama.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * Rules R9 and R10: {@code withFallback} serves a refused subscription only (never an error of the
 * source, not even another circuit's rejection), and {@code withErrorHandler} classifies values,
 * completions and errors instead of the connection's exception rules.
 */
class FallbackAndHandlerTest extends GuardedTest {
  /** A value "5xx" is a failure, an IOException is ignored, anything else a success. */
  static final ErrorHandler STATUS = (result, error) -> {
    if (error instanceof IOException) {
      return Outcome.ignore();
    }
    if (error != null) {
      return Outcome.failure(error);
    }
    return "5xx".equals(result) ? Outcome.failure("HTTP 5xx") : Outcome.success();
  };

  @Test
  void aRefusedMonoGetsTheFallbackWithTheRejectionAndTheSubscribersContext() {
    start(rules());
    circuit.open("down");
    AtomicReference<CircuitOpenException> given = new AtomicReference<>();
    BramaOperator<String> op = BramaOperator.<String>of(circuit).withFallback(rejection -> {
      given.set(rejection);
      return Mono.deferContextual(c -> Mono.just("cached for " + c.get("user")));
    });

    StepVerifier.create(counted(Mono.just("live")).transformDeferred(op),
            StepVerifierOptionsWithUser.user("ada"))
        .expectNext("cached for ada")
        .verifyComplete();

    assertThat(subscriptions).hasValue(0);
    assertThat(given.get().retryAfter()).isEqualTo(EXPIRY);
    assertThat(circuit.calls()).isEqualTo(new CallCounts(0, 0, 0, 1, 0));
  }

  @Test
  void aRefusedFluxGetsEveryElementOfTheFallback() {
    start(rules());
    circuit.open("down");
    StepVerifier.create(counted(Flux.just(1, 2)).transformDeferred(
            BramaOperator.<Integer>of(circuit).withFallback(rejection -> Flux.range(7, 3))))
        .expectNext(7, 8, 9)
        .verifyComplete();
    assertThat(subscriptions).hasValue(0);
  }

  @Test
  void anErrorOfTheSourceNeverReachesTheFallbackNotEvenAnotherCircuitsRejection() {
    start(rules());
    CircuitOpenException downstream = new CircuitOpenException("other", Duration.ofSeconds(3));
    StepVerifier.create(Mono.<String>error(downstream).transformDeferred(
            BramaOperator.<String>of(circuit).withFallback(r -> Mono.just("fallback"))))
        .verifyErrorSatisfies(e -> assertThat(e).isSameAs(downstream));
    assertThat(circuit.calls().rejected()).isZero();
  }

  @Test
  void aFallbackThatThrowsOrReturnsNothingFailsTheSubscription() {
    start(rules());
    circuit.open("down");
    IllegalStateException bug = new IllegalStateException("fallback bug");
    StepVerifier.create(Mono.just("x").transformDeferred(
            BramaOperator.<String>of(circuit).withFallback(r -> {
              throw bug;
            })))
        .verifyErrorSatisfies(e -> assertThat(e).isSameAs(bug));
    StepVerifier.create(Mono.just("x").transformDeferred(
            BramaOperator.<String>of(circuit).withFallback(r -> null)))
        .verifyErrorSatisfies(e -> assertThat(e).isInstanceOf(NullPointerException.class)
            .hasMessage("the fallback returned no publisher"));
  }

  @Test
  void aMonoForTheFallbackTakesTheFirstElementOfAFluxFallback() {
    start(rules());
    circuit.open("down");
    StepVerifier.create(Mono.just("x").transformDeferred(
            BramaOperator.<String>of(circuit).withFallback(r -> Flux.just("a", "b"))))
        .expectNext("a")
        .verifyComplete();
  }

  @Test
  void theErrorHandlerClassifiesAMonosValueAndErrors() {
    start(rules());
    BramaOperator<String> op = BramaOperator.<String>of(circuit).withErrorHandler(STATUS);
    for (int i = 0; i < 5; i++) {
      StepVerifier.create(Mono.just("5xx").transformDeferred(op)).expectNext("5xx")
          .verifyComplete();
    }
    assertThat(circuit.state()).isEqualTo(CircuitState.OPEN);
    assertThat(circuit.status().lastFailureReason()).isEqualTo("HTTP 5xx");

    circuit.reset();
    StepVerifier.create(Mono.<String>error(new IOException("ignored by the handler"))
        .transformDeferred(op)).verifyError(IOException.class);
    StepVerifier.create(Mono.<String>empty().transformDeferred(op)).verifyComplete();
    assertThat(circuit.calls()).isEqualTo(new CallCounts(1, 5, 1, 0, 0));
  }

  @Test
  void theErrorHandlerClassifiesAFluxsCompletion() {
    start(rules());
    ErrorHandler completionFails = (result, error) -> Outcome.failure("incomplete page");
    StepVerifier.create(Flux.range(1, 3).transformDeferred(
            BramaOperator.<Integer>of(circuit).withErrorHandler(completionFails)))
        .expectNext(1, 2, 3).verifyComplete();
    assertThat(circuit.status().lastFailureReason()).isEqualTo("incomplete page");
  }

  @Test
  void aHandlerThatThrowsRecordsAFailureAndHarmsNoSubscriber() {
    start(rules());
    ErrorHandler broken = (result, error) -> {
      throw new IllegalStateException("handler bug (expected by the test)");
    };
    StepVerifier.create(Mono.just("ok").transformDeferred(
            BramaOperator.<String>of(circuit).withErrorHandler(broken)))
        .expectNext("ok").verifyComplete();
    IOException down = new IOException("down");
    StepVerifier.create(Mono.<String>error(down).transformDeferred(
            BramaOperator.<String>of(circuit).withErrorHandler(broken)))
        .verifyErrorSatisfies(e -> assertThat(e).isSameAs(down));
    assertThat(circuit.calls().failures()).isEqualTo(2);
    assertThat(circuit.status().lastFailureReason()).isSameAs(down);
  }

  @Test
  void theDefaultHandlerMeansTheConnectionsRulesAndNullsAreNamed() {
    start(rules());
    StepVerifier.create(Mono.<String>error(new IllegalArgumentException("ignored by the rules"))
        .transformDeferred(BramaOperator.<String>of(circuit)
            .withErrorHandler(ErrorHandler.defaults())))
        .verifyError(IllegalArgumentException.class);
    assertThat(circuit.calls().ignored()).isEqualTo(1);
    assertThatThrownBy(() -> BramaOperator.of(circuit).withFallback(null))
        .isInstanceOf(NullPointerException.class).hasMessage("fallback");
    assertThatThrownBy(() -> BramaOperator.of(circuit).withErrorHandler(null))
        .isInstanceOf(NullPointerException.class).hasMessage("errorHandler");
  }

  /** Rule R11. */
  @Test
  void failOnMakesAnErrorAFailureWhateverTheRulesOrTheHandlerSay() {
    start(rules()); // IllegalArgumentException is ignored by the rules
    StepVerifier.create(Mono.error(new IllegalArgumentException("ignored by the rules"))
        .transformDeferred(BramaOperator.of(circuit))).verifyError(IllegalArgumentException.class);
    IllegalArgumentException bad = new IllegalArgumentException("a failure here");
    StepVerifier.create(Mono.error(bad).transformDeferred(BramaOperator.of(circuit)
        .failOn(IllegalStateException.class).failOn(IllegalArgumentException.class)))
        .verifyErrorSatisfies(e -> assertThat(e).isSameAs(bad));
    StepVerifier.create(Mono.error(new IllegalArgumentException("and here")).transformDeferred(
            BramaOperator.of(circuit).withErrorHandler((r, e) -> Outcome.ignore())
                .failOn(RuntimeException.class)))
        .verifyError(IllegalArgumentException.class);
    StepVerifier.create(Mono.just("fine").transformDeferred(BramaOperator.<String>of(circuit)
        .failOn(RuntimeException.class))).expectNext("fine").verifyComplete();

    assertThat(circuit.calls()).isEqualTo(new CallCounts(1, 2, 1, 0, 0));
    assertThat(circuit.status().lastFailureReason()).isInstanceOfSatisfying(
        IllegalArgumentException.class, e -> assertThat(e).hasMessage("and here"));
    assertThatThrownBy(() -> BramaOperator.of(circuit).failOn((Class<? extends Throwable>[]) null))
        .isInstanceOf(NullPointerException.class).hasMessage("types");
    assertThatThrownBy(() -> BramaOperator.of(circuit).failOn(IOException.class, null))
        .isInstanceOf(NullPointerException.class).hasMessage("types[1]");
  }

  /** StepVerifier options that put a user into the subscriber's context. */
  static final class StepVerifierOptionsWithUser {
    static reactor.test.StepVerifierOptions user(String name) {
      return reactor.test.StepVerifierOptions.create().withInitialContext(Context.of("user", name));
    }
  }
}
