package io.brama;

import static io.brama.CircuitState.CLOSED;
import static io.brama.CircuitState.HALF_OPEN;
import static io.brama.fixtures.TestBrama.config;
import static io.brama.fixtures.TestBrama.newBrama;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rules A1, A4, A5 and A6 (and the rejection, Rule A2): call, run, callAsync, ErrorHandler. */
class DecoratorsTest {
  private static final Duration EXPIRY = Duration.ofSeconds(10);

  private final ManualClock clock = new ManualClock();
  @AutoClose
  private Brama brama;
  private Circuit a;

  @BeforeEach
  void setUp() {
    brama = newBrama(clock, config(3, EXPIRY).halfOpenTrials(1));
    a = brama.register("a");
  }

  private ConnectionStatus status() {
    return brama.status("a");
  }

  /** The exception a completed future failed with, unwrapped from CompletionException. */
  private static Throwable failureOf(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    Throwable e = f.handle((v, t) -> t).join();
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  // ---- call: default handler ----

  @Test
  void callReturnsTheResultAndRecordsASuccess() {
    brama.failure("a", "earlier");
    clock.advance(Duration.ofSeconds(1));
    String result = brama.call("a", () -> "value");
    assertThat(result).isEqualTo("value");
    assertThat(status().failureCount()).isZero();
    assertThat(status().lastSuccessAt()).isEqualTo(clock.instant());
  }

  @Test
  void callRethrowsTheSameCheckedExceptionAndRecordsAFailure() {
    IOException boom = new IOException("boom");
    assertThatThrownBy(() -> brama.call("a", () -> {
      throw boom;
    })).isSameAs(boom);
    ConnectionStatus s = status();
    assertThat(s.failureCount()).isEqualTo(1);
    assertThat(s.lastFailureReason()).isSameAs(boom);
    assertThat(s.lastFailureAt()).isEqualTo(clock.instant());
    assertThat(s.lastSuccessAt()).isNull();
  }

  @Test
  void callRethrowsTheSameUncheckedExceptionAndRecordsAFailure() {
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> brama.call("a", () -> {
      throw boom;
    })).isSameAs(boom);
    assertThat(status().failureCount()).isEqualTo(1);
    assertThat(status().lastFailureReason()).isSameAs(boom);
  }

  @Test
  void failingCallsOpenTheCircuit() {
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> brama.call("a", () -> {
        throw new IOException("down");
      })).isInstanceOf(IOException.class);
    }
    assertThat(status().state()).isEqualTo(CircuitState.OPEN);
  }

  // ---- call: ErrorHandler ----

  @Test
  void handlerSeesTheResultOrTheException() throws Exception {
    List<Object[]> seen = new ArrayList<>();
    ErrorHandler recording = (result, error) -> {
      seen.add(new Object[] {result, error});
      return Outcome.success();
    };
    IOException boom = new IOException("boom");
    assertThat(brama.call("a", recording, () -> "v")).isEqualTo("v");
    assertThatThrownBy(() -> brama.call("a", recording, () -> {
      throw boom;
    })).isSameAs(boom);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).containsExactly("v", null);
    assertThat(seen.get(1)).containsExactly(null, boom);
  }

  @Test
  void handlerCanTurnAnExceptionIntoASuccess() {
    brama.failure("a", "earlier");
    clock.advance(Duration.ofSeconds(1));
    IOException notFound = new IOException("404");
    assertThatThrownBy(() -> brama.call("a", (r, e) -> Outcome.success(), () -> {
      throw notFound;
    })).isSameAs(notFound);
    ConnectionStatus s = status();
    assertThat(s.failureCount()).isZero();
    assertThat(s.lastSuccessAt()).isEqualTo(clock.instant());
    assertThat(s.lastFailureReason()).isEqualTo("earlier");
  }

  @Test
  void handlerCanTurnAResultIntoAFailureWithItsReason() throws Exception {
    ErrorHandler badResult = (r, e) -> "500".equals(r) ? Outcome.failure("status 500")
        : Outcome.success();
    assertThat(brama.call("a", badResult, () -> "500")).isEqualTo("500");
    ConnectionStatus s = status();
    assertThat(s.failureCount()).isEqualTo(1);
    assertThat(s.lastFailureReason()).isEqualTo("status 500");
    assertThat(s.lastSuccessAt()).isNull();
    assertThat(brama.call("a", badResult, () -> "200")).isEqualTo("200");
    assertThat(status().failureCount()).isZero();
  }

  @Test
  void ignoreRecordsNothing() throws Exception {
    brama.failure("a", "earlier");
    Instant failedAt = clock.instant();
    clock.advance(Duration.ofSeconds(1));
    IOException validation = new IOException("bad request");
    assertThatThrownBy(() -> brama.call("a", (r, e) -> Outcome.ignore(), () -> {
      throw validation;
    })).isSameAs(validation);
    assertThat(brama.call("a", (r, e) -> Outcome.ignore(), () -> "v")).isEqualTo("v");
    ConnectionStatus s = status();
    assertThat(s.failureCount()).isEqualTo(1);
    assertThat(s.lastFailureAt()).isEqualTo(failedAt);
    assertThat(s.lastFailureReason()).isEqualTo("earlier");
    assertThat(s.lastSuccessAt()).isNull();
  }

  @Test
  void throwingHandlerRecordsAFailureWithItsExceptionAndTheCallerSeesTheResult()
      throws Exception {
    RuntimeException handlerBug = new RuntimeException("handler bug (expected by the test)");
    ErrorHandler throwing = (r, e) -> {
      throw handlerBug;
    };
    assertThat(brama.call("a", throwing, () -> "v")).isEqualTo("v");
    assertThat(status().failureCount()).isEqualTo(1);
    assertThat(status().lastFailureReason()).isSameAs(handlerBug);
    assertThat(status().lastSuccessAt()).isNull();
  }

  @Test
  void throwingHandlerRecordsAFailureAndTheCallerSeesTheActionsException() {
    RuntimeException handlerBug = new RuntimeException("handler bug (expected by the test)");
    IOException boom = new IOException("boom");
    assertThatThrownBy(() -> brama.call("a", (r, e) -> {
      throw handlerBug;
    }, () -> {
      throw boom;
    })).isSameAs(boom);
    assertThat(status().failureCount()).isEqualTo(1);
    assertThat(status().lastFailureReason()).isSameAs(handlerBug);
  }

  @Test
  void handlerReturningNullRecordsAFailure() throws Exception {
    assertThat(brama.call("a", (r, e) -> null, () -> "v")).isEqualTo("v");
    assertThat(status().failureCount()).isEqualTo(1);
    assertThat(status().lastFailureReason()).isInstanceOf(NullPointerException.class);
    IOException boom = new IOException("boom");
    assertThatThrownBy(() -> brama.call("a", (r, e) -> null, () -> {
      throw boom;
    })).isSameAs(boom);
    assertThat(status().failureCount()).isEqualTo(2);
    assertThat(status().lastFailureReason()).isInstanceOf(NullPointerException.class);
  }

  // ---- run ----

  @Test
  void runRunsTheActionAndRecordsTheOutcome() {
    AtomicInteger runs = new AtomicInteger();
    brama.failure("a");
    brama.run("a", runs::incrementAndGet);
    assertThat(runs.get()).isEqualTo(1);
    assertThat(status().failureCount()).isZero();
    assertThat(status().lastSuccessAt()).isEqualTo(clock.instant());

    IOException boom = new IOException("boom");
    assertThatThrownBy(() -> brama.run("a", () -> {
      throw boom;
    })).isSameAs(boom);
    assertThat(status().failureCount()).isEqualTo(1);
    assertThat(status().lastFailureReason()).isSameAs(boom);
  }

  // ---- rejection (Rule A2) ----

  @Test
  void rejectedCallsThrowCircuitOpenExceptionWithoutStackTraceAndDoNotRunTheAction() {
    brama.open("a");
    clock.advance(Duration.ofSeconds(4));
    AtomicBoolean ran = new AtomicBoolean();
    AtomicBoolean handled = new AtomicBoolean();
    ErrorHandler handler = (r, e) -> {
      handled.set(true);
      return Outcome.success();
    };
    List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> rejected = List.of(
        () -> brama.call("a", () -> ran.getAndSet(true)),
        () -> brama.call("a", handler, () -> ran.getAndSet(true)),
        () -> brama.run("a", () -> ran.set(true)),
        () -> a.call(() -> ran.getAndSet(true)));
    for (var call : rejected) {
      assertThatExceptionOfType(CircuitOpenException.class).isThrownBy(call).satisfies(e -> {
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e.connection()).isEqualTo("a");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(e).isInstanceOf(BramaException.class);
      });
    }
    assertThat(ran).isFalse();
    assertThat(handled).isFalse();
    assertThat(status().lastFailureAt()).isNull();
    assertThat(status().lastSuccessAt()).isNull();
  }

  @Test
  void rejectedCallInHalfOpenWithAllSlotsTakenReportsTheTrialTimeout() {
    brama.open("a");
    clock.advance(EXPIRY);
    Permit trial = brama.tryAcquire("a");
    assertThat(trial.granted()).isTrue();
    clock.advance(Duration.ofSeconds(3));
    assertThatExceptionOfType(CircuitOpenException.class)
        .isThrownBy(() -> brama.call("a", () -> "never"))
        .satisfies(e -> {
          assertThat(e.getStackTrace()).isEmpty();
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        });
    trial.success();
    assertThat(status().state()).isEqualTo(CLOSED);
  }

  // ---- Circuit.call ----

  @Test
  void circuitCallReturnsRethrowsAndRecords() throws Exception {
    assertThat(a.call(() -> 42)).isEqualTo(42);
    assertThat(a.status().lastSuccessAt()).isEqualTo(clock.instant());
    IOException boom = new IOException("boom");
    assertThatThrownBy(() -> a.call(() -> {
      throw boom;
    })).isSameAs(boom);
    assertThat(a.status().failureCount()).isEqualTo(1);
    assertThat(a.status().lastFailureReason()).isSameAs(boom);
  }

  @Test
  void trialCallClosesOrReopensTheCircuit() throws Exception {
    brama.open("a");
    clock.advance(EXPIRY);
    assertThat(brama.call("a", () -> "ok")).isEqualTo("ok");
    assertThat(status().state()).isEqualTo(CLOSED);

    brama.open("a");
    clock.advance(EXPIRY);
    assertThatThrownBy(() -> brama.call("a", () -> {
      throw new IOException("still down");
    })).isInstanceOf(IOException.class);
    assertThat(status().state()).isEqualTo(CircuitState.OPEN);
    assertThat(status().consecutiveOpens()).isEqualTo(2);
  }

  // ---- callAsync ----

  @Test
  void callAsyncRecordsTheSuccessWhenTheStageCompletes() throws Exception {
    brama.failure("a", "earlier");
    CompletableFuture<String> stage = new CompletableFuture<>();
    CompletableFuture<String> f = brama.callAsync("a", () -> stage);
    assertThat(f).isNotDone();
    assertThat(status().failureCount()).isEqualTo(1);
    assertThat(status().lastSuccessAt()).isNull();

    clock.advance(Duration.ofSeconds(2));
    CompletableFuture.runAsync(() -> stage.complete("value"));
    assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("value");
    // recorded before the returned future completed
    assertThat(status().failureCount()).isZero();
    assertThat(status().lastSuccessAt()).isEqualTo(clock.instant());
  }

  @Test
  void callAsyncRecordsTheFailureWhenTheStageFails() {
    CompletableFuture<String> stage = new CompletableFuture<>();
    CompletableFuture<String> f = brama.callAsync("a", () -> stage);
    assertThat(status().failureCount()).isZero();
    IOException boom = new IOException("boom");
    CompletableFuture.runAsync(() -> stage.completeExceptionally(boom));
    assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).hasCauseReference(boom);
    assertThat(status().failureCount()).isEqualTo(1);
    assertThat(status().lastFailureReason()).isSameAs(boom);
  }

  @Test
  void callAsyncUnwrapsCompletionExceptionBeforeTheHandlerSeesIt() {
    List<Throwable> seen = new ArrayList<>();
    ErrorHandler recording = (r, e) -> {
      seen.add(e);
      return Outcome.failure(e);
    };
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<String> source = new CompletableFuture<>();
    // a dependent stage fails with CompletionException(boom)
    CompletionStage<String> dependent = source.thenApply(v -> {
      throw boom;
    });
    CompletableFuture<String> f = brama.callAsync("a", recording, () -> dependent);
    source.complete("x");
    assertThat(failureOf(f)).isSameAs(boom);
    assertThat(seen).containsExactly(boom);
    assertThat(status().lastFailureReason()).isSameAs(boom);

    // explicitly wrapped, default handler
    IOException io = new IOException("io");
    CompletableFuture<String> wrapped = new CompletableFuture<>();
    wrapped.completeExceptionally(new CompletionException(io));
    CompletableFuture<String> g = brama.callAsync("a", () -> wrapped);
    assertThat(g).isCompletedExceptionally();
    assertThat(status().failureCount()).isEqualTo(2);
    assertThat(status().lastFailureReason()).isSameAs(io);
  }

  @Test
  void callAsyncHandlerClassifiesTheValue() {
    ErrorHandler badResult = (r, e) -> Integer.valueOf(500).equals(r)
        ? Outcome.failure("status " + r) : Outcome.success();
    CompletableFuture<Integer> f = brama.callAsync("a", badResult,
        () -> CompletableFuture.completedFuture(500));
    assertThat(f.join()).isEqualTo(500);
    assertThat(status().failureCount()).isEqualTo(1);
    assertThat(status().lastFailureReason()).isEqualTo("status 500");
  }

  @Test
  void callAsyncThrowingHandlerRecordsAFailureAndTheCallerSeesTheValue() {
    RuntimeException handlerBug = new RuntimeException("handler bug (expected by the test)");
    CompletableFuture<String> f = brama.callAsync("a", (r, e) -> {
      throw handlerBug;
    }, () -> CompletableFuture.completedFuture("v"));
    assertThat(f.join()).isEqualTo("v");
    assertThat(status().failureCount()).isEqualTo(1);
    assertThat(status().lastFailureReason()).isSameAs(handlerBug);
  }

  @Test
  void cancelledStageIsIgnoredAndFreesTheHalfOpenTrialSlot() {
    brama.open("a");
    clock.advance(EXPIRY);
    CompletableFuture<String> stage = new CompletableFuture<>();
    CompletableFuture<String> f = brama.callAsync("a", () -> stage);
    assertThat(status().state()).isEqualTo(HALF_OPEN);
    assertThat(status().activeTrials()).isEqualTo(1);
    assertThat(brama.tryAcquire("a").granted()).isFalse();

    stage.cancel(true);
    assertThat(f).isCompletedExceptionally();
    ConnectionStatus s = status();
    assertThat(s.state()).isEqualTo(HALF_OPEN);
    assertThat(s.activeTrials()).isZero();
    assertThat(s.consecutiveOpens()).isEqualTo(1);
    assertThat(s.lastFailureAt()).isNull();
    assertThat(s.lastSuccessAt()).isNull();
    Permit next = brama.tryAcquire("a");
    assertThat(next.granted()).isTrue();
    next.ignore();
  }

  @Test
  void cancellingTheReturnedFutureCancelsTheStageAndFreesTheSlot() {
    brama.open("a");
    clock.advance(EXPIRY);
    CompletableFuture<String> stage = new CompletableFuture<>();
    CompletableFuture<String> f = brama.callAsync("a", () -> stage);
    assertThat(status().activeTrials()).isEqualTo(1);
    f.cancel(true);
    assertThat(stage).isCancelled();
    assertThat(status().activeTrials()).isZero();
    assertThat(status().state()).isEqualTo(HALF_OPEN);
    assertThat(status().lastFailureAt()).isNull();
  }

  @Test
  void cancelledStageInClosedRecordsNothing() {
    brama.failure("a", "earlier");
    CompletableFuture<String> stage = new CompletableFuture<>();
    CompletableFuture<String> f = brama.callAsync("a", () -> stage);
    stage.cancel(false);
    assertThat(f).isCompletedExceptionally();
    assertThat(status().failureCount()).isEqualTo(1);
    assertThat(status().lastSuccessAt()).isNull();
    assertThat(status().lastFailureReason()).isEqualTo("earlier");
  }

  @Test
  void supplierThatThrowsGivesAFailedFutureRecordedAsFailure() {
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<Object> f = brama.callAsync("a", () -> {
      throw boom;
    });
    assertThat(failureOf(f)).isSameAs(boom);
    assertThat(status().failureCount()).isEqualTo(1);
    assertThat(status().lastFailureReason()).isSameAs(boom);
  }

  @Test
  void supplierReturningNullGivesAFailedFutureRecordedAsFailure() {
    CompletableFuture<Object> f = brama.callAsync("a", () -> null);
    assertThat(failureOf(f)).isInstanceOf(NullPointerException.class);
    assertThat(status().failureCount()).isEqualTo(1);
    assertThat(status().lastFailureReason()).isInstanceOf(NullPointerException.class);
  }

  @Test
  void supplierFailureInHalfOpenFailsTheTrial() {
    brama.open("a");
    clock.advance(EXPIRY);
    CompletableFuture<Object> f = brama.callAsync("a", () -> {
      throw new IllegalStateException("cannot even start");
    });
    assertThat(f).isCompletedExceptionally();
    assertThat(status().state()).isEqualTo(CircuitState.OPEN);
    assertThat(status().consecutiveOpens()).isEqualTo(2);
  }

  @Test
  void rejectedCallAsyncGivesAFailedFutureWithCircuitOpenException() {
    brama.open("a");
    clock.advance(Duration.ofSeconds(1));
    AtomicBoolean supplied = new AtomicBoolean();
    CompletableFuture<String> f = brama.callAsync("a", () -> {
      supplied.set(true);
      return CompletableFuture.completedFuture("never");
    });
    Throwable e = failureOf(f);
    assertThat(e).isInstanceOf(CircuitOpenException.class);
    CircuitOpenException open = (CircuitOpenException) e;
    assertThat(open.connection()).isEqualTo("a");
    assertThat(open.retryAfter()).isEqualTo(Duration.ofSeconds(9));
    assertThat(open.getStackTrace()).isEmpty();
    assertThat(supplied).isFalse();
    CompletableFuture<String> g = brama.callAsync("a", (r, t) -> Outcome.success(),
        () -> CompletableFuture.completedFuture("never"));
    assertThat(failureOf(g)).isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void callAsyncTrialSuccessClosesTheCircuit() {
    brama.open("a");
    clock.advance(EXPIRY);
    CompletableFuture<String> stage = new CompletableFuture<>();
    CompletableFuture<String> f = brama.callAsync("a", () -> stage);
    assertThat(failureOf(brama.callAsync("a", () -> stage)))
        .isInstanceOf(CircuitOpenException.class); // the only slot is taken
    CompletableFuture.runAsync(() -> stage.complete("ok"));
    assertThat(f.join()).isEqualTo("ok");
    assertThat(status().state()).isEqualTo(CLOSED);
    assertThat(Arrays.asList(status().failureCount(), status().consecutiveOpens()))
        .containsExactly(0, 0);
  }
}
