package io.brama.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.FailurePolicy;
import io.brama.Registration;
import io.brama.WindowStatus;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sharing SPI: what a module hears, and what it may apply, on a ManualClock. */
class SharingTest {
  private final ManualClock clock = new ManualClock();
  private final Recorder heard = new Recorder();
  private Brama brama;
  private SharedCircuits circuits;

  /** Writes down what it hears, as strings. */
  static class Recorder implements Sharing {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void registered(String id) {
      calls.add("registered " + id);
    }

    @Override
    public void unregistered(String id) {
      calls.add("unregistered " + id);
    }

    @Override
    public void failureRecorded(String id) {
      calls.add("failed " + id);
    }

    @Override
    public void succeeded(String id) {
      calls.add("succeeded " + id);
    }

    @Override
    public void transitioned(LocalTransition t) {
      calls.add(t.id() + " " + t.from() + "->" + t.to()
          + (t.openFor() == null ? "" : " for " + t.openFor()) + " (" + t.reason() + ")"
          + (t.manual() ? " manual" : ""));
    }
  }

  @BeforeEach
  void setUp() {
    brama = TestBrama.direct(clock, TestBrama.config(3, Duration.ofSeconds(10)));
    brama.register("before");
    circuits = brama.attach(heard);
    heard.calls.clear();
    brama.register("api");
  }

  @AfterEach
  void tearDown() {
    brama.close();
  }

  @Test
  void attachingReportsTheConnectionsAlreadyThere() {
    Recorder other = new Recorder();
    circuits.detach();
    brama.attach(other);
    assertThat(other.calls).containsExactly("registered api", "registered before");
  }

  @Test
  void failuresInClosedAndEveryLocalTransitionAreReported() {
    brama.failure("api", "e1");
    brama.failure("api", "e2");
    brama.failure("api", "e3");
    clock.advance(Duration.ofSeconds(10));
    brama.available("api");
    brama.success("api");
    brama.open("api", "deploy", Duration.ofSeconds(30));
    brama.open("api", "again", Duration.ofSeconds(5));
    brama.reset("api", "fixed");
    brama.unregister("api");

    assertThat(heard.calls).containsExactly(
        "registered api",
        "failed api",
        "failed api",
        "api CLOSED->OPEN for PT10S (e3)",
        "api OPEN->HALF_OPEN (null)",
        "api HALF_OPEN->CLOSED (null)",
        "api CLOSED->OPEN for PT30S (deploy) manual",
        "api OPEN->OPEN for PT5S (again) manual",
        "api OPEN->CLOSED (fixed) manual",
        "unregistered api");
  }

  @Test
  void successesAreReportedOnlyWhileWatched() {
    brama.success("api");
    brama.call("api", () -> "ok");
    assertThat(circuits.watchSuccesses("api", true)).isTrue();
    brama.success("api");
    brama.call("api", () -> "ok");
    brama.tryAcquire("api").success();
    circuits.watchSuccesses("api", false);
    brama.success("api");

    assertThat(heard.calls).containsExactly("registered api", "succeeded api", "succeeded api",
        "succeeded api");
  }

  @Test
  void openUntilOpensAndMovesTheEndWithoutReportingBack() {
    List<BramaEvent> events = new CopyOnWriteArrayList<>();
    brama.subscribe(EventFilter.of(EventType.STATE_CHANGE), events::add);

    assertThat(circuits.openUntil("api", clock.instant().plusSeconds(20), "shared: opened by b"))
        .isTrue();
    assertThat(brama.status("api").state()).isEqualTo(CircuitState.OPEN);
    assertThat(brama.status("api").halfOpensAt()).isEqualTo(clock.instant().plusSeconds(20));
    circuits.openUntil("api", clock.instant().plusSeconds(40), "shared: held");
    assertThat(brama.status("api").halfOpensAt()).isEqualTo(clock.instant().plusSeconds(40));
    circuits.openUntil("api", clock.instant().minusSeconds(1), "too late");
    assertThat(brama.status("api").halfOpensAt()).isEqualTo(clock.instant().plusSeconds(40));

    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.newState()).isEqualTo(CircuitState.OPEN);
      assertThat(e.reason()).isEqualTo("shared: opened by b");
    });
    clock.advance(Duration.ofSeconds(40));
    assertThat(brama.available("api")).isTrue();
    assertThat(heard.calls).containsExactly("registered api", "api OPEN->HALF_OPEN (null)");
  }

  @Test
  void openAsFailingUsesTheStrategyAndIsReportedAsLocal() {
    assertThat(circuits.open("api", "fleet: 3 failures")).isTrue();
    assertThat(brama.status("api").consecutiveOpens()).isEqualTo(1);
    assertThat(heard.calls).containsExactly("registered api",
        "api CLOSED->OPEN for PT10S (fleet: 3 failures)");
    circuits.open("api", "again");
    assertThat(heard.calls).hasSize(2);
  }

  @Test
  void aManualResetOfAClosedCircuitIsReportedToo() {
    brama.failure("api", "x");
    brama.reset("api", "clear the fleet's count");
    assertThat(heard.calls).containsExactly("registered api", "failed api",
        "api CLOSED->CLOSED (null) manual");
    assertThat(circuits.status("api").failureCount()).isZero();
    assertThat(circuits.status("nope")).isNull();
  }

  @Test
  void closeClosesWithoutReportingBack() {
    brama.open("api");
    heard.calls.clear();
    assertThat(circuits.close("api", "shared: closed by b")).isTrue();
    assertThat(brama.status("api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(heard.calls).isEmpty();
  }

  @Test
  void reportPostsASharedStateEvent() {
    List<BramaEvent> events = new CopyOnWriteArrayList<>();
    brama.subscribe(EventFilter.of(EventType.SHARED_STATE), events::add);
    circuits.report("api", "redis unreachable");
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.connection()).isEqualTo("api");
      assertThat(e.reason()).isEqualTo("redis unreachable");
    });
  }

  /** Rule E13: SHARED_STATE is a lifecycle event, which {@link EventFilter#lifecycle()} selects. */
  @Test
  void aLifecycleSubscriptionGetsSharedStateEventsAndNoPerCallOnes() {
    List<BramaEvent> events = new CopyOnWriteArrayList<>();
    brama.subscribe(EventFilter.lifecycle(), events::add);
    brama.success("api");
    circuits.report("api", "redis unreachable");
    brama.failure("api", "timeout");
    circuits.report("api", "redis reachable");
    assertThat(events).extracting(BramaEvent::type, BramaEvent::reason).containsExactly(
        tuple(EventType.SHARED_STATE, "redis unreachable"),
        tuple(EventType.SHARED_STATE, "redis reachable"));
  }

  @Test
  void unknownIdsAreIgnored() {
    assertThat(circuits.openUntil("nope", clock.instant().plusSeconds(1), "x")).isFalse();
    assertThat(circuits.close("nope", "x")).isFalse();
    assertThat(circuits.watchSuccesses("nope", true)).isFalse();
    assertThat(circuits.report("nope", "x")).isFalse();
    assertThat(circuits.ids()).containsExactly("api", "before");
    assertThat(circuits.now()).isEqualTo(clock.instant());
  }

  @Test
  void aRatePolicyReportsItsFailuresAndTransitionsAndShowsItsWindow() {
    brama.register("rated", Registration.builder().config(ConnectionConfig.builder()
        .failurePolicy(FailurePolicy.rate(50, 2, 2)).build()).build());
    brama.failure("rated", "x");
    assertThat(circuits.status("rated").policy()).isEqualTo(new WindowStatus(1, 1, 0, 100, 0));
    brama.failure("rated", "x");
    assertThat(heard.calls).containsExactly("registered api", "registered rated", "failed rated",
        "rated CLOSED->OPEN for PT10S (failure rate 100.0% >= 50.0% (2 of 2 calls))");
  }

  @Test
  void aThrowingModuleHarmsNoCall() {
    circuits.detach();
    brama.attach(new Recorder() {
      @Override
      public void failureRecorded(String id) {
        throw new IllegalStateException("module bug");
      }
    });
    brama.failure("api", "x");
    assertThat(brama.status("api").failureCount()).isEqualTo(1);
  }

  @Test
  void oneModuleAtATimeAndNothingAfterDetach() {
    assertThatThrownBy(() -> brama.attach(new Recorder()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already attached");
    assertThatThrownBy(() -> brama.attach(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("sharing");
    circuits.detach();
    circuits.detach();
    brama.failure("api", "x");
    assertThat(heard.calls).containsExactly("registered api");
  }

  @Test
  void aHeldCircuitHalfOpensOnTheSweeperWhenTheHoldEnds() {
    try (Brama swept = TestBrama.direct(clock,
        BramaConfig.builder().cleanupInterval(Duration.ofMillis(20)))) {
      swept.register("api");
      Recorder recorder = new Recorder();
      SharedCircuits shared = swept.attach(recorder);
      shared.openUntil("api", clock.instant().plusSeconds(5), "held");
      clock.advance(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(5))
          .until(() -> recorder.calls.contains("api OPEN->HALF_OPEN (null)"));
    }
  }
}
