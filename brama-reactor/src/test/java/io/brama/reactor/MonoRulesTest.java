package io.brama.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.BramaConfig;
import io.brama.CallCounts;
import io.brama.CircuitState;
import io.brama.FailurePolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Rules R3 and R5 for a {@code Mono}: a value or an empty completion is a success, an error is
 * classified as {@code call} would (rule A7), the duration runs from subscription (rule P4), and a
 * cancellation before the value records nothing (rule S20 for a trial).
 */
class MonoRulesTest extends GuardedTest {
  @Test
  void aValueIsASuccessRecordedBeforeTheSubscriberSeesIt() {
    start(rules());
    AtomicReference<CallCounts> atValue = new AtomicReference<>();
    StepVerifier.create(Mono.just("quote").transformDeferred(guard())
            .doOnNext(v -> atValue.set(circuit.calls())))
        .expectNext("quote").verifyComplete();
    assertThat(atValue.get()).isEqualTo(new CallCounts(1, 0, 0, 0, 0));
    assertThat(circuit.calls()).isEqualTo(new CallCounts(1, 0, 0, 0, 0));
  }

  @Test
  void anEmptyCompletionIsASuccess() {
    start(rules());
    StepVerifier.create(Mono.<String>empty().transformDeferred(guard())).verifyComplete();
    assertThat(circuit.calls()).isEqualTo(new CallCounts(1, 0, 0, 0, 0));
  }

  @Test
  void anErrorIsClassifiedExactlyAsCallWould() {
    start(rules());
    brama.register("by-call");
    Exception[] errors = {new IOException("io"), new IllegalArgumentException("bad"),
        new IllegalStateException("other"), new TimeoutException("late")};
    for (Exception error : errors) {
      StepVerifier.create(Mono.<String>error(error).transformDeferred(guard()))
          .verifyErrorSatisfies(e -> assertThat(e).isSameAs(error));
      try {
        brama.call("by-call", () -> {
          throw error;
        });
      } catch (Exception expected) {
        // call rethrows what the action threw
      }
    }
    assertThat(circuit.calls()).isEqualTo(brama.calls("by-call"))
        .isEqualTo(new CallCounts(1, 2, 1, 0, 0));
    assertThat(circuit.status().failureCount()).isEqualTo(brama.status("by-call").failureCount())
        .isEqualTo(1);
  }

  @Test
  void aSlowMonoCountsSlowFromItsSubscriptionNotItsAssembly() {
    start(BramaConfig.builder().failurePolicy(FailurePolicy.rate(50, 10, 10))
        .slowCall(Duration.ofMillis(100), 50));
    Mono<String> quick = Mono.fromCallable(() -> {
      clock.advance(Duration.ofMillis(100));
      return "in time";
    }).transform(guard());
    Mono<String> slow = Mono.fromCallable(() -> {
      clock.advance(Duration.ofMillis(101));
      return "slow";
    }).transformDeferred(guard());
    clock.advance(Duration.ofSeconds(5)); // between assembly and subscription: not counted

    StepVerifier.create(quick).expectNext("in time").verifyComplete();
    StepVerifier.create(slow).expectNext("slow").verifyComplete();

    assertThat(circuit.calls()).isEqualTo(new CallCounts(2, 0, 0, 0, 1));
  }

  @Test
  void aMonoCancelledBeforeItsValueRecordsNothing() {
    start(rules());
    circuit.failure("earlier");
    StepVerifier.create(counted(Mono.<String>never()).transformDeferred(guard()))
        .expectSubscription().thenCancel().verify();
    assertThat(subscriptions).hasValue(1);
    assertThat(circuit.calls()).isEqualTo(new CallCounts(0, 1, 1, 0, 0));
    assertThat(circuit.status().failureCount()).as("not a success: the count stays").isEqualTo(1);
  }

  @Test
  void aMonoCancelledAfterItsValueStaysOneSuccess() {
    start(rules());
    // a Mono that sends its value and never completes: the subscriber cancels after the value
    Mono<String> valueThenNothing = Mono.fromDirect(Flux.concat(Flux.just("v"), Flux.never()));
    StepVerifier.create(valueThenNothing.transformDeferred(guard()))
        .expectNext("v").thenCancel().verify();
    assertThat(circuit.calls()).isEqualTo(new CallCounts(1, 0, 0, 0, 0));
  }

  @Test
  void aCancelledTrialLetsTheNextSubscriberTakeTheTrial() {
    start(rules().halfOpenTrials(1));
    halfOpen();
    Disposable trial = Mono.never().transformDeferred(guard()).subscribe();
    StepVerifier.create(Mono.just("second").transformDeferred(guard()))
        .as("the one trial slot is taken").verifyError(io.brama.CircuitOpenException.class);

    trial.dispose();

    assertThat(circuit.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(circuit.status().activeTrials()).isZero();
    StepVerifier.create(Mono.just("next").transformDeferred(guard()))
        .expectNext("next").verifyComplete();
    assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void anAnswerAfterTheCircuitMovedOnIsALateAnswer() {
    start(rules().maxAttempts(1));
    halfOpen();
    reactor.core.publisher.Sinks.One<String> remote = reactor.core.publisher.Sinks.one();
    IOException late = new IOException("late");

    StepVerifier.create(remote.asMono().transformDeferred(guard()))
        .expectSubscription()
        .then(() -> circuit.reset("fixed by hand")) // a new generation: CLOSED
        .then(() -> remote.tryEmitError(late))
        .verifyErrorSatisfies(e -> assertThat(e).isSameAs(late));

    // rule G2: a late failure is remembered and changes nothing else (maxAttempts 1 would open)
    assertThat(circuit.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(circuit.status().failureCount()).isZero();
    assertThat(circuit.status().lastFailureReason()).isSameAs(late);
  }
}
