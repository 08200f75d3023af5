package io.brama;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rules A7, A8 and P4: what an integration holding a permit across asynchronous work gets from it:
 * a permit that times itself, {@code complete(result, error)} classified as {@code call} would,
 * and {@code onTimeout} on the Brama's clock.
 */
class PermitForWorkThatEndsLaterTest {
  private static final String ID = "remote";
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @AfterEach
  void close() {
    if (brama != null) {
      brama.close();
    }
  }

  private Brama start(BramaConfig.Builder config) {
    brama = Brama.builder().config(config.build()).clock(clock).eventExecutor(Runnable::run)
        .countCalls(true).build();
    brama.register(ID);
    return brama;
  }

  private static BramaConfig.Builder rules() {
    return BramaConfig.builder().maxAttempts(5)
        .recordExceptions(IOException.class, TimeoutException.class)
        .ignoreExceptions(IllegalArgumentException.class);
  }

  @Test
  void withoutSlowCallsEveryClosedCallSharesOnePermit() {
    start(rules());
    assertThat(brama.tryAcquire(ID)).isSameAs(brama.tryAcquire(ID));
  }

  @Test
  void completeClassifiesExactlyAsCallDoes() {
    start(rules());
    brama.register("by-call");
    Exception[] errors = {null, new IOException("io"), new IllegalArgumentException("bad"),
        new IllegalStateException("other"), new TimeoutException("late")};
    for (Exception error : errors) {
      brama.tryAcquire(ID).complete("value", error);
      try {
        brama.call("by-call", () -> {
          if (error != null) {
            throw error;
          }
          return "value";
        });
      } catch (Exception expected) {
        // the call rethrows what the action threw
      }
    }
    assertThat(brama.calls(ID)).isEqualTo(brama.calls("by-call"))
        .isEqualTo(new CallCounts(2, 2, 1, 0, 0));
    assertThat(brama.status(ID).failureCount()).isEqualTo(brama.status("by-call").failureCount());
  }

  @Test
  void aRefusedPermitCompletesToNothingAndNeverTimesOut() {
    start(rules().callTimeout(Duration.ofSeconds(1)));
    brama.open(ID, "maintenance", Duration.ofMinutes(1));
    Permit refused = brama.tryAcquire(ID);
    AtomicInteger fired = new AtomicInteger();
    Permit.Timeout timeout = refused.onTimeout(e -> fired.incrementAndGet());

    assertThat(timeout.armed()).isFalse();
    refused.complete(null, new IOException("io"));
    clock.advance(Duration.ofSeconds(5));

    assertThat(fired).hasValue(0);
    assertThat(timeout.cancel()).isTrue();
    assertThat(brama.status(ID).failureCount()).isZero();
  }

  @Test
  void theTimeoutRecordsAFailureThenHandsTheRecordedExceptionToTheActionOnce() {
    start(rules().callTimeout(Duration.ofSeconds(1)));
    Permit permit = brama.tryAcquire(ID);
    AtomicInteger fired = new AtomicInteger();
    List<TimeoutException> handed = new ArrayList<>();
    Permit.Timeout timeout = permit.onTimeout(e -> {
      assertThat(brama.status(ID).failureCount()).as("recorded before the action").isEqualTo(1);
      handed.add(e);
      fired.incrementAndGet();
    });
    assertThat(timeout.armed()).isTrue();

    clock.advance(Duration.ofMillis(999));
    assertThat(fired).hasValue(0);
    clock.advance(Duration.ofMillis(1));

    assertThat(fired).hasValue(1);
    assertThat(brama.status(ID).lastFailureReason()).isInstanceOf(TimeoutException.class)
        .hasToString("java.util.concurrent.TimeoutException: the call to 'remote' did not "
            + "complete within PT1S");
    assertThat(handed).singleElement().isSameAs(brama.status(ID).lastFailureReason());
    assertThat(timeout.cancel()).isFalse();
    assertThat(timeout.cancel()).isFalse();
    clock.advance(Duration.ofSeconds(5));
    assertThat(fired).hasValue(1);
  }

  @Test
  void workThatEndsFirstCancelsTheTimeoutAndRecordsItself() {
    start(rules().callTimeout(Duration.ofSeconds(1)));
    Permit permit = brama.tryAcquire(ID);
    AtomicInteger fired = new AtomicInteger();
    Permit.Timeout timeout = permit.onTimeout(e -> fired.incrementAndGet());

    clock.advance(Duration.ofMillis(500));
    assertThat(timeout.cancel()).isTrue();
    permit.complete("ok", null);
    clock.advance(Duration.ofSeconds(5));

    assertThat(fired).hasValue(0);
    assertThat(timeout.cancel()).isTrue();
    assertThat(brama.calls(ID)).isEqualTo(new CallCounts(1, 0, 0, 0, 0));
  }

  @Test
  void withoutACallTimeoutNothingIsScheduled() {
    start(rules());
    AtomicInteger fired = new AtomicInteger();
    Permit.Timeout timeout = brama.tryAcquire(ID).onTimeout(e -> fired.incrementAndGet());
    assertThat(timeout.armed()).isFalse();
    clock.advance(Duration.ofDays(1));
    assertThat(fired).hasValue(0);
    assertThat(timeout.cancel()).isTrue();
  }

  @Test
  void aTimedOutTrialReopensSoHalfOpenIsNeverStuck() {
    start(rules().callTimeout(Duration.ofSeconds(1)).expiry(Duration.ofSeconds(10)));
    brama.open(ID, "test");
    clock.advance(Duration.ofSeconds(10));
    Permit trial = brama.tryAcquire(ID);
    assertThat(trial.granted()).isTrue();
    trial.onTimeout(e -> { });

    clock.advance(Duration.ofSeconds(1));

    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
    trial.complete("too late", null); // a late answer: the trial already counted
    assertThat(brama.status(ID).state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void anActionThatThrowsHarmsNeitherTheRecordNorLaterTimeouts() {
    start(rules().callTimeout(Duration.ofSeconds(1)));
    brama.tryAcquire(ID).onTimeout(e -> {
      throw new IllegalStateException("the integration's own bug");
    });
    clock.advance(Duration.ofSeconds(1));
    AtomicInteger later = new AtomicInteger();
    brama.tryAcquire(ID).onTimeout(e -> later.incrementAndGet());
    clock.advance(Duration.ofSeconds(1));

    assertThat(later).hasValue(1);
    assertThat(brama.calls(ID).failures()).isEqualTo(2);
  }

  @Test
  void aPermitThatTimesItselfMakesATimeoutSlowToo() {
    start(BramaConfig.builder().failurePolicy(FailurePolicy.rate(50, 10, 10))
        .slowCall(Duration.ofMillis(100), 50).callTimeout(Duration.ofSeconds(1)));
    Permit permit = brama.tryAcquire(ID);
    permit.onTimeout(e -> { });
    clock.advance(Duration.ofSeconds(1));
    assertThat(brama.calls(ID)).isEqualTo(new CallCounts(0, 1, 0, 0, 1));

    Permit quick = brama.tryAcquire(ID);
    clock.advance(Duration.ofMillis(100));
    quick.complete("ok", null);
    Permit slow = brama.tryAcquire(ID);
    clock.advance(Duration.ofMillis(101));
    slow.complete(null, new IOException("slow and failed"));
    assertThat(brama.calls(ID)).isEqualTo(new CallCounts(1, 2, 0, 0, 2));
  }

  @Test
  void theBramaShowsItsClock() {
    start(rules());
    assertThat(brama.clock()).isSameAs(clock);
    try (Brama system = Brama.create()) {
      assertThat(system.clock().instant()).isNotNull();
    }
  }
}
