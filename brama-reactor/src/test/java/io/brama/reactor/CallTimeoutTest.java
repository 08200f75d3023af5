package io.brama.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.CallCounts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/**
 * Rule R6: the connection's {@code callTimeout} applies to the whole subscription, on the Brama's
 * clock: a {@code TimeoutException} failure (rules A8 and P5), the source cancelled, the subscriber
 * told, later signals dropped.
 */
class CallTimeoutTest extends GuardedTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  @Test
  void aMonoNotDoneInTimeFailsWithATimeoutAndIsCancelled() {
    start(rules().callTimeout(TIMEOUT));
    AtomicBoolean cancelled = new AtomicBoolean();
    StepVerifier.create(Mono.never().doOnCancel(() -> cancelled.set(true))
            .transformDeferred(guard()))
        .expectSubscription()
        .then(() -> clock.advance(TIMEOUT.minusMillis(1)))
        .then(() -> assertThat(cancelled).isFalse())
        .then(() -> clock.advance(Duration.ofMillis(1)))
        .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(TimeoutException.class)
            .hasMessage("the call to 'remote' did not complete within PT1S")
            .as("the very exception recorded").isSameAs(circuit.status().lastFailureReason()))
        .verify(Duration.ofSeconds(5));
    assertThat(cancelled).isTrue();
    assertThat(circuit.calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
  }

  @Test
  void aFluxThatAnsweredButDidNotEndInTimeIsStillATimeout() {
    start(rules().callTimeout(TIMEOUT));
    StepVerifier.create(Flux.concat(Flux.just(1, 2), Flux.never()).transformDeferred(guard()))
        .expectNext(1, 2)
        .then(() -> clock.advance(TIMEOUT))
        .expectError(TimeoutException.class)
        .verify(Duration.ofSeconds(5));
    assertThat(circuit.calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
  }

  @Test
  void workThatEndsFirstCancelsTheTimeout() {
    start(rules().callTimeout(TIMEOUT));
    StepVerifier.create(Mono.fromCallable(() -> {
      clock.advance(TIMEOUT.minusMillis(1));
      return "in time";
    }).transformDeferred(guard())).expectNext("in time").verifyComplete();
    clock.advance(Duration.ofMinutes(1));
    assertThat(circuit.calls()).isEqualTo(new CallCounts(1, 0, 0, 0, 0));
  }

  @Test
  void signalsOfASourceThatIgnoresTheCancellationAreDropped() {
    start(rules().callTimeout(TIMEOUT));
    TestPublisher<String> remote =
        TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
    List<String> values = new CopyOnWriteArrayList<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Object> discarded = new CopyOnWriteArrayList<>();
    AtomicInteger completions = new AtomicInteger();
    remote.flux().transformDeferred(guard()).doOnDiscard(String.class, discarded::add)
        .subscribe(values::add, errors::add, completions::incrementAndGet);

    clock.advance(TIMEOUT);
    remote.assertWasCancelled();
    remote.next("late").complete();

    assertThat(values).isEmpty();
    assertThat(errors).singleElement().isInstanceOf(TimeoutException.class);
    assertThat(completions).hasValue(0);
    assertThat(discarded).containsExactly("late");
    assertThat(circuit.calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
  }

  @Test
  void aTimeoutBeforeTheSourceSubscribedStillFollowsOnSubscribe() {
    start(rules().callTimeout(TIMEOUT));
    // Mono.defer runs its supplier before subscribing the operator: the timer fires first
    StepVerifier.create(Mono.defer(() -> {
      clock.advance(TIMEOUT);
      return Mono.just("too late");
    }).transformDeferred(guard()))
        .expectSubscription()
        .expectError(TimeoutException.class)
        .verify(Duration.ofSeconds(5));
    assertThat(circuit.calls()).isEqualTo(new CallCounts(0, 1, 0, 0, 0));
  }

  @Test
  void aTimedOutTrialReopensTheCircuit() {
    start(rules().callTimeout(TIMEOUT));
    halfOpen();
    StepVerifier.create(Mono.never().transformDeferred(guard()))
        .expectSubscription()
        .then(() -> clock.advance(TIMEOUT))
        .expectError(TimeoutException.class)
        .verify(Duration.ofSeconds(5));
    assertThat(circuit.state()).isEqualTo(io.brama.CircuitState.OPEN);
  }
}
