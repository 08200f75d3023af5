package io.brama.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.Outcome;
import io.brama.Permit;
import io.brama.spi.CallObserver;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rules O1 to O4: the observer of guarded calls hears of every call through {@code call},
 * {@code callAsync}, the decorators and {@code tryAcquire} permits: admitted, then ended once with
 * its outcome, or rejected with the exception the caller gets; never of the by-name
 * {@code available}/{@code success}; and an observer that throws harms no call.
 */
class CallObserverTest {
  private static final String ID = "payment_api";
  private final ManualClock clock = new ManualClock();
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final List<CircuitOpenException> rejections = new CopyOnWriteArrayList<>();
  private Brama brama;

  /** Writes down what it hears. */
  private final CallObserver recorder = new CallObserver() {
    @Override
    public Call admitted(String connection, CircuitState state) {
      heard.add("admitted " + connection + " " + state);
      return (outcome, reason) -> heard.add("ended " + connection + " " + outcome
          + (reason == null ? "" : " " + reason));
    }

    @Override
    public void rejected(String connection, CircuitState state, CircuitOpenException rejection) {
      heard.add("rejected " + connection + " " + state + " " + rejection.retryAfter());
      rejections.add(rejection);
    }
  };

  @AfterEach
  void close() {
    if (brama != null) {
      brama.close();
    }
  }

  private void start(CallObserver observer) {
    brama = Brama.builder().clock(clock).observer(observer)
        .config(BramaConfig.builder().maxAttempts(2).expiry(Duration.ofSeconds(10))
            .callTimeout(Duration.ofSeconds(1))
            .ignoreExceptions(IllegalArgumentException.class).build())
        .build();
    brama.register(ID);
  }

  @Test
  void callsAreAdmittedThenEndedWithTheirOutcome() throws Exception {
    start(recorder);
    IOException down = new IOException("down");
    assertThat(brama.call(ID, () -> "ok")).isEqualTo("ok");
    assertThatThrownBy(() -> brama.call(ID, () -> {
      throw new IllegalArgumentException("bad order");
    })).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> brama.call(ID, () -> {
      throw down;
    })).isSameAs(down);

    assertThat(heard).containsExactly(
        "admitted payment_api CLOSED", "ended payment_api SUCCESS",
        "admitted payment_api CLOSED", "ended payment_api IGNORE",
        "admitted payment_api CLOSED", "ended payment_api FAILURE java.io.IOException: down");
  }

  @Test
  void aRejectionIsHeardWithTheExceptionTheCallerGets() {
    start(recorder);
    brama.open(ID, "maintenance");
    clock.advance(Duration.ofSeconds(4));
    CircuitOpenException caught = null;
    try {
      brama.call(ID, () -> "never");
    } catch (CircuitOpenException e) {
      caught = e;
    }
    assertThat(brama.tryAcquire(ID).granted()).isFalse();

    assertThat(heard).containsExactly("rejected payment_api OPEN PT6S",
        "rejected payment_api OPEN PT6S");
    assertThat(rejections.get(0)).isSameAs(caught);
  }

  @Test
  void aTrialIsAdmittedHalfOpen() {
    start(recorder);
    brama.open(ID, "test");
    clock.advance(Duration.ofSeconds(10));
    brama.run(ID, () -> { });
    assertThat(heard).containsExactly("admitted payment_api HALF_OPEN",
        "ended payment_api SUCCESS");
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void anAsyncCallEndsWhenItsStageDoesOrWhenItTimesOut() {
    start(recorder);
    CompletableFuture<String> stage = new CompletableFuture<>();
    CompletableFuture<String> result = brama.callAsync(ID, () -> stage);
    assertThat(heard).containsExactly("admitted payment_api CLOSED");
    stage.complete("ok");
    assertThat(result).isCompletedWithValue("ok");

    brama.callAsync(ID, CompletableFuture::new); // never completes
    clock.advance(Duration.ofSeconds(1));
    assertThat(heard).hasSize(4);
    assertThat(heard.get(1)).isEqualTo("ended payment_api SUCCESS");
    assertThat(heard.get(3)).startsWith("ended payment_api FAILURE "
        + TimeoutException.class.getName());
  }

  /** A decorated interface. */
  public interface Ledger {
    @CircuitBreaker(ID)
    String post(String entry);
  }

  @Test
  void decoratedMethodsAndPermitsAreObservedTheByNameCallsAreNot() {
    start(recorder);
    Ledger ledger = brama.decorate(Ledger.class, entry -> "posted " + entry);
    assertThat(ledger.post("e1")).isEqualTo("posted e1");
    Permit permit = brama.tryAcquire(ID);
    permit.complete(null, new IOException("reset"));
    permit.success(); // a second completion: recorded as the permit says, heard of once
    assertThat(brama.available(ID)).isTrue();
    brama.success(ID);

    assertThat(heard).containsExactly(
        "admitted payment_api CLOSED", "ended payment_api SUCCESS",
        "admitted payment_api CLOSED", "ended payment_api FAILURE java.io.IOException: reset");
  }

  @Test
  void anObserverThatThrowsOrDeclinesHarmsNoCall() {
    start(new CallObserver() {
      @Override
      public Call admitted(String connection, CircuitState state) {
        if (heard.add("admitted")) {
          return heard.size() % 2 == 0 ? null : (outcome, reason) -> {
            throw new IllegalStateException("observer bug at the end (expected by the test)");
          };
        }
        return null;
      }

      @Override
      public void rejected(String connection, CircuitState state, CircuitOpenException e) {
        throw new IllegalStateException("observer bug on rejection (expected by the test)");
      }
    });
    assertThat(brama.call(ID, () -> "first")).isEqualTo("first"); // ends in a throwing observer
    assertThat(brama.call(ID, () -> "second")).isEqualTo("second"); // declined: not followed
    brama.open(ID, "down");
    assertThatThrownBy(() -> brama.call(ID, () -> "never"))
        .isInstanceOf(CircuitOpenException.class);
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
    assertThat(heard).containsExactly("admitted", "admitted");
  }

  @Test
  void anObserverIsNamedWhenNull() {
    assertThatThrownBy(() -> Brama.builder().observer(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("observer");
  }

  @Test
  void theOutcomeKindsAreTheOnesAnObserverHears() {
    assertThat(Outcome.Kind.values()).containsExactly(Outcome.Kind.SUCCESS, Outcome.Kind.FAILURE,
        Outcome.Kind.IGNORE);
  }
}
