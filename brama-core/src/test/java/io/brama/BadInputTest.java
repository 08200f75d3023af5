package io.brama;

import static io.brama.fixtures.TestBrama.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.brama.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rules B1, B2 and B3 (bad input) and Rules N1, N2, N3 and N4 (ids): nulls, out-of-range values,
 * unknown and taken ids.
 */
class BadInputTest {
  private static final ErrorHandler HANDLER = ErrorHandler.defaults();
  private static final CheckedCallable<String, RuntimeException> ACTION = () -> "ok";
  private static final CheckedRunnable<RuntimeException> RUNNABLE = () -> { };
  private static final Supplier<CompletionStage<String>> ASYNC =
      () -> CompletableFuture.completedFuture("ok");
  private static final BramaListener LISTENER = e -> { };

  private final ManualClock clock = new ManualClock();
  @AutoClose
  private Brama brama;

  @BeforeEach
  void start() {
    brama = Brama.builder().clock(clock).build();
    brama.register("a");
  }

  private static void npe(ThrowingCallable call, String parameter) {
    assertThatThrownBy(call)
        .isInstanceOf(NullPointerException.class)
        .hasMessage(parameter + " must not be null");
  }

  private static void iae(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  // ---- nulls: Brama builder and factories ----

  @Test
  void nullsInBramaBuilder() {
    npe(() -> Brama.builder().config(null), "config");
    npe(() -> Brama.builder().clock(null), "clock");
    npe(() -> Brama.builder().eventExecutor(null), "eventExecutor");
    npe(() -> Brama.create(null), "config");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void eventQueueCapacityBelowOne(int capacity) {
    iae(() -> Brama.builder().eventQueueCapacity(capacity),
        "eventQueueCapacity must be >= 1, was " + capacity);
  }

  @Test
  void eventQueueCapacityOneIsAccepted() {
    try (Brama b = Brama.builder().clock(clock).eventQueueCapacity(1).build()) {
      b.register("x");
      assertThat(b.isRegistered("x")).isTrue();
    }
  }

  // ---- nulls: registry ----

  @Test
  void nullIdsInRegistryMethods() {
    npe(() -> brama.register(null), "id");
    npe(() -> brama.register(null, Registration.empty()), "id");
    npe(() -> brama.registerIfAbsent(null, Registration.empty()), "id");
    npe(() -> brama.unregister(null), "id");
    npe(() -> brama.isRegistered(null), "id");
    npe(() -> brama.circuit(null), "id");
  }

  @Test
  void nullRegistration() {
    npe(() -> brama.register("b", null), "registration");
    npe(() -> brama.registerIfAbsent("b", null), "registration");
    npe(() -> brama.registerIfAbsent("a", null), "registration");
    assertThat(brama.isRegistered("b")).isFalse();
  }

  // ---- nulls: per-id methods ----

  @Test
  void nullIdsInPerIdMethods() {
    npe(() -> brama.available(null), "id");
    npe(() -> brama.tryAcquire(null), "id");
    npe(() -> brama.success(null), "id");
    npe(() -> brama.failure(null), "id");
    npe(() -> brama.failure(null, "reason"), "id");
    npe(() -> brama.status(null), "id");
    npe(() -> brama.configure(null, ConnectionConfig.empty()), "id");
    npe(() -> brama.open(null), "id");
    npe(() -> brama.open(null, "reason"), "id");
    npe(() -> brama.open(null, "reason", Duration.ofSeconds(1)), "id");
    npe(() -> brama.reset(null), "id");
    npe(() -> brama.reset(null, "reason"), "id");
    npe(() -> brama.call(null, ACTION), "id");
    npe(() -> brama.call(null, HANDLER, ACTION), "id");
    npe(() -> brama.run(null, RUNNABLE), "id");
    npe(() -> brama.callAsync(null, ASYNC), "id");
    npe(() -> brama.callAsync(null, HANDLER, ASYNC), "id");
  }

  @Test
  void nullConfigInConfigure() {
    npe(() -> brama.configure("a", null), "config");
  }

  @Test
  void nullDurationInOpen() {
    npe(() -> brama.open("a", "reason", null), "duration");
    assertThat(brama.status("a").state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void nullsInSubscribe() {
    npe(() -> brama.subscribe(null), "listener");
    npe(() -> brama.subscribe(null, LISTENER), "filter");
    npe(() -> brama.subscribe(EventFilter.all(), null), "listener");
  }

  @Test
  void nullsInDecorators() {
    npe(() -> brama.call("a", (CheckedCallable<String, RuntimeException>) null), "action");
    npe(() -> brama.call("a", null, ACTION), "errorHandler");
    npe(() -> brama.call("a", HANDLER, null), "action");
    npe(() -> brama.run("a", null), "action");
    npe(() -> brama.callAsync("a", (Supplier<CompletionStage<String>>) null), "action");
    npe(() -> brama.callAsync("a", null, ASYNC), "errorHandler");
    npe(() -> brama.callAsync("a", HANDLER, null), "action");
    npe(() -> brama.circuit("a").call(null), "action");
    assertThat(brama.status("a").failureCount()).isZero();
    assertThat(brama.status("a").state()).isEqualTo(CircuitState.CLOSED);
  }

  // ---- nulls: configuration builders and strategies ----

  @Test
  void nullsInBramaConfigBuilder() {
    npe(() -> BramaConfig.builder().expiry(null), "expiry");
    npe(() -> BramaConfig.builder().expiryStrategy(null), "expiryStrategy");
    npe(() -> BramaConfig.builder().cleanupInterval(null), "cleanupInterval");
    npe(() -> BramaConfig.fromProperties(null), "properties");
  }

  @Test
  void nullsInConnectionConfigBuilder() {
    npe(() -> ConnectionConfig.builder().expiry(null), "expiry");
    npe(() -> ConnectionConfig.builder().expiryStrategy(null), "expiryStrategy");
  }

  @Test
  void nullsInRegistrationBuilder() {
    npe(() -> Registration.builder().config(null), "config");
    npe(() -> Registration.builder().metadata(null), "metadata");
  }

  @Test
  void nullsInExpiryStrategies() {
    npe(() -> ExpiryStrategy.fixed(null), "expiry");
    npe(() -> ExpiryStrategy.progressive(null, Duration.ofSeconds(5), 2.0), "initialExpiry");
    npe(() -> ExpiryStrategy.progressive(Duration.ofSeconds(5), null, 2.0), "maxExpiry");
  }

  @Test
  void nullsInEventFilter() {
    npe(() -> EventFilter.of((EventType[]) null), "types");
    npe(() -> EventFilter.of(EventType.FAILURE, null), "types[1]");
    npe(() -> EventFilter.all().connection(null), "connection");
    npe(() -> EventFilter.all().scope(null), "scope");
    npe(() -> EventFilter.all().connectionType(null), "connectionType");
  }

  @Test
  void nullsInManualClock() {
    npe(() -> new ManualClock(null), "start");
    npe(() -> clock.advance(null), "amount");
    npe(() -> clock.set(null), "instant");
    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
  }

  @Test
  void negativeManualClockAdvanceIsRejected() {
    iae(() -> clock.advance(Duration.ofSeconds(-1)), "amount must be >= PT0S, was PT-1S");
    assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
  }

  // ---- nulls that are allowed ----

  @Test
  void nullTypeScopeAndReasonAreAllowed() {
    Circuit b = brama.register("b", Registration.builder().type(null).scope(null).build());
    assertThat(b.type()).isNull();
    assertThat(b.scope()).isNull();

    brama.failure("a", null);
    ConnectionStatus failed = brama.status("a");
    assertThat(failed.failureCount()).isEqualTo(1);
    assertThat(failed.lastFailureAt()).isEqualTo(ManualClock.DEFAULT_START);
    assertThat(failed.lastFailureReason()).isNull();

    brama.circuit("a").failure(null);
    assertThat(brama.status("a").failureCount()).isEqualTo(2);

    brama.open("a", null);
    assertThat(brama.status("a").state()).isEqualTo(CircuitState.OPEN);
    brama.reset("a", null);
    assertThat(brama.status("a").state()).isEqualTo(CircuitState.CLOSED);
    brama.open("a", null, Duration.ofSeconds(3));
    assertThat(brama.status("a").halfOpensAt())
        .isEqualTo(ManualClock.DEFAULT_START.plusSeconds(3));
    brama.reset("a");

    Permit p = brama.tryAcquire("a");
    assertThatCode(() -> p.failure(null)).doesNotThrowAnyException();
    assertThat(brama.status("a").failureCount()).isEqualTo(1);
    assertThat(Outcome.failure(null).reason()).isNull();
  }

  // ---- out-of-range values ----

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void maxAttemptsBelowOne(int value) {
    String message = "maxAttempts must be >= 1, was " + value;
    iae(() -> BramaConfig.builder().maxAttempts(value), message);
    iae(() -> ConnectionConfig.builder().maxAttempts(value), message);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void halfOpenTrialsBelowOne(int value) {
    String message = "halfOpenTrials must be >= 1, was " + value;
    iae(() -> BramaConfig.builder().halfOpenTrials(value), message);
    iae(() -> ConnectionConfig.builder().halfOpenTrials(value), message);
  }

  @Test
  void nonPositiveDurations() {
    iae(() -> BramaConfig.builder().expiry(Duration.ZERO), "expiry must be > 0, was PT0S");
    iae(() -> BramaConfig.builder().expiry(Duration.ofSeconds(-5)), "expiry must be > 0, was PT-5S");
    iae(() -> BramaConfig.builder().cleanupInterval(Duration.ZERO),
        "cleanupInterval must be > 0, was PT0S");
    iae(() -> BramaConfig.builder().cleanupInterval(Duration.ofMillis(-1)),
        "cleanupInterval must be > 0, was PT-0.001S");
    iae(() -> ConnectionConfig.builder().expiry(Duration.ZERO), "expiry must be > 0, was PT0S");
    iae(() -> ConnectionConfig.builder().expiry(Duration.ofMinutes(-1)),
        "expiry must be > 0, was PT-1M");
    iae(() -> ExpiryStrategy.fixed(Duration.ZERO), "expiry must be > 0, was PT0S");
    iae(() -> ExpiryStrategy.progressive(Duration.ZERO, Duration.ofSeconds(5), 2.0),
        "initialExpiry must be > 0, was PT0S");
    iae(() -> ExpiryStrategy.progressive(Duration.ofSeconds(-1), Duration.ofSeconds(5), 2.0),
        "initialExpiry must be > 0, was PT-1S");
    iae(() -> ExpiryStrategy.progressive(Duration.ofSeconds(1), Duration.ZERO, 2.0),
        "maxExpiry must be > 0, was PT0S");
  }

  @Test
  void backoffFactorBelowOne() {
    iae(() -> ExpiryStrategy.progressive(Duration.ofSeconds(5), Duration.ofMinutes(5), 0.5),
        "backoffFactor must be >= 1.0 and finite, was 0.5");
    iae(() -> ExpiryStrategy.progressive(Duration.ofSeconds(5), Duration.ofMinutes(5), Double.NaN),
        "backoffFactor must be >= 1.0 and finite, was NaN");
    iae(() -> ExpiryStrategy.progressive(Duration.ofSeconds(5), Duration.ofMinutes(5),
        Double.POSITIVE_INFINITY), "backoffFactor must be >= 1.0 and finite, was Infinity");
  }

  @Test
  void maxBelowInitial() {
    iae(() -> ExpiryStrategy.progressive(Duration.ofSeconds(5), Duration.ofSeconds(1), 2.0),
        "maxExpiry must be >= initialExpiry (PT5S), was PT1S");
  }

  @Test
  void invalidSetterLeavesTheBuilderUnchanged() {
    BramaConfig.Builder b = BramaConfig.builder().maxAttempts(3).expiry(Duration.ofSeconds(7));

    assertThatThrownBy(() -> b.maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.expiry(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.expiryStrategy(null)).isInstanceOf(NullPointerException.class);

    BramaConfig c = b.build();
    assertThat(c.maxAttempts()).isEqualTo(3);
    assertThat(c.expiry()).isEqualTo(Duration.ofSeconds(7));

    ConnectionConfig.Builder cb = ConnectionConfig.builder().halfOpenTrials(2);
    assertThatThrownBy(() -> cb.halfOpenTrials(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(cb.build().halfOpenTrials()).hasValue(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "  ", "\t", "\n", " \t\n "})
  void blankIdsAreRejected(String id) {
    String message = "id must be non-blank, was \"" + id + "\"";
    iae(() -> brama.register(id), message);
    iae(() -> brama.register(id, Registration.empty()), message);
    iae(() -> brama.registerIfAbsent(id, Registration.empty()), message);
    assertThat(brama.statuses()).extracting(ConnectionStatus::id).containsExactly("a");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, -60_000})
  void openForNonPositiveDurationIsRejected(long millis) {
    Duration d = Duration.ofMillis(millis);
    iae(() -> brama.open("a", "reason", d), "duration must be > 0, was " + d);
    iae(() -> brama.open("a", null, d), "duration must be > 0, was " + d);

    ConnectionStatus s = brama.status("a");
    assertThat(s.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(s.consecutiveOpens()).isZero();
    assertThat(s.openedAt()).isNull();
  }

  @Test
  void openWithZeroDurationOnAnOpenCircuitKeepsItsPeriod() {
    brama.open("a");
    Instant halfOpensAt = brama.status("a").halfOpensAt();
    clock.advance(Duration.ofSeconds(10));

    iae(() -> brama.open("a", "reason", Duration.ZERO), "duration must be > 0, was PT0S");

    ConnectionStatus s = brama.status("a");
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.halfOpensAt()).isEqualTo(halfOpensAt);
    assertThat(s.openedAt()).isEqualTo(ManualClock.DEFAULT_START);
    assertThat(s.consecutiveOpens()).isEqualTo(1);
  }

  // ---- unknown ids ----

  private static void unknown(ThrowingCallable call, String id) {
    assertThatThrownBy(call)
        .isInstanceOf(UnknownConnectionException.class)
        .isInstanceOf(BramaException.class)
        .hasMessageContaining("'" + id + "'")
        .hasMessageContaining("register it first")
        .satisfies(e -> assertThat(((UnknownConnectionException) e).connection()).isEqualTo(id));
  }

  @Test
  void everyPerIdMethodRejectsAnUnknownId() {
    String id = "ghost";
    unknown(() -> brama.circuit(id), id);
    unknown(() -> brama.available(id), id);
    unknown(() -> brama.tryAcquire(id), id);
    unknown(() -> brama.success(id), id);
    unknown(() -> brama.failure(id), id);
    unknown(() -> brama.failure(id, "reason"), id);
    unknown(() -> brama.status(id), id);
    unknown(() -> brama.configure(id, ConnectionConfig.builder().maxAttempts(2).build()), id);
    unknown(() -> brama.open(id), id);
    unknown(() -> brama.open(id, "reason"), id);
    unknown(() -> brama.open(id, "reason", Duration.ofSeconds(1)), id);
    unknown(() -> brama.reset(id), id);
    unknown(() -> brama.reset(id, "reason"), id);
    unknown(() -> brama.call(id, ACTION), id);
    unknown(() -> brama.call(id, HANDLER, ACTION), id);
    unknown(() -> brama.run(id, RUNNABLE), id);
    unknown(() -> brama.callAsync(id, ASYNC), id);
    unknown(() -> brama.callAsync(id, HANDLER, ASYNC), id);
  }

  @Test
  void unknownIdMessageSaysHowToRegister() {
    assertThatThrownBy(() -> brama.status("payment_api"))
        .isInstanceOf(UnknownConnectionException.class)
        .hasMessage("unknown connection 'payment_api': register it first with "
            + "brama.register(\"payment_api\")");
  }

  @Test
  void unknownIdActionIsNotRun() {
    boolean[] ran = {false};
    unknown(() -> brama.call("ghost", () -> ran[0] = true), "ghost");
    unknown(() -> brama.run("ghost", () -> ran[0] = true), "ghost");
    unknown(() -> brama.callAsync("ghost", () -> {
      ran[0] = true;
      return CompletableFuture.completedFuture("x");
    }), "ghost");
    assertThat(ran[0]).isFalse();
  }

  @Test
  void unregisterAndIsRegisteredDoNotThrowForUnknownIds() {
    assertThat(brama.unregister("ghost")).isFalse();
    assertThat(brama.isRegistered("ghost")).isFalse();
    assertThat(brama.isRegistered("a")).isTrue();
  }

  @Test
  void idsAreCaseSensitiveAndNotTrimmed() {
    unknown(() -> brama.status("A"), "A");
    unknown(() -> brama.status(" a"), " a");
    unknown(() -> brama.status("a "), "a ");
    assertThat(brama.isRegistered("A")).isFalse();
  }

  @Test
  void unregisteredIdIsUnknownEverywhere() {
    Circuit handle = brama.circuit("a");
    assertThat(brama.unregister("a")).isTrue();

    unknown(() -> brama.status("a"), "a");
    unknown(() -> brama.failure("a"), "a");
    unknown(() -> brama.circuit("a"), "a");
    unknown(handle::available, "a");
    unknown(handle::tryAcquire, "a");
    unknown(handle::success, "a");
    unknown(handle::failure, "a");
    unknown(() -> handle.failure("reason"), "a");
    unknown(handle::state, "a");
    unknown(handle::status, "a");
    unknown(() -> handle.call(ACTION), "a");
    assertThat(brama.unregister("a")).isFalse();
    assertThat(brama.isRegistered("a")).isFalse();
  }

  @Test
  void reRegisteredIdGetsANewHandleAndTheOldOneStaysDead() {
    Circuit old = brama.circuit("a");
    brama.failure("a");
    brama.unregister("a");

    Circuit fresh = brama.register("a");

    assertThat(fresh).isNotSameAs(old);
    assertThat(fresh.status().failureCount()).isZero();
    unknown(old::status, "a");
    fresh.failure();
    assertThat(brama.status("a").failureCount()).isEqualTo(1);
  }

  // ---- taken ids ----

  @Test
  void registeringATakenIdThrows() {
    assertThatThrownBy(() -> brama.register("a"))
        .isInstanceOf(ConnectionAlreadyRegisteredException.class)
        .isInstanceOf(BramaException.class)
        .hasMessageContaining("'a'")
        .satisfies(e ->
            assertThat(((ConnectionAlreadyRegisteredException) e).connection()).isEqualTo("a"));
    assertThatThrownBy(() -> brama.register("a", Registration.builder().type("http").build()))
        .isInstanceOf(ConnectionAlreadyRegisteredException.class);
  }

  @Test
  void registeringATakenIdLeavesTheExistingConnectionAlone() {
    brama.register("b", Registration.builder().type("http").scope("s")
        .config(ConnectionConfig.builder().maxAttempts(3).build())
        .metadata(Map.of("k", "v")).build());
    brama.failure("b", "boom");
    ConnectionStatus before = brama.status("b");

    assertThatThrownBy(() -> brama.register("b", Registration.builder().type("grpc")
        .config(ConnectionConfig.builder().maxAttempts(1).build()).build()))
        .isInstanceOf(ConnectionAlreadyRegisteredException.class);

    assertThat(brama.status("b")).isEqualTo(before);
    assertThat(before.type()).isEqualTo("http");
    assertThat(before.maxAttempts()).isEqualTo(3);
    assertThat(before.failureCount()).isEqualTo(1);
  }

  @Test
  void registerIfAbsentReturnsTheExistingHandleUnchanged() {
    Circuit existing = brama.circuit("a");
    brama.failure("a");

    Circuit again = brama.registerIfAbsent("a", Registration.builder().type("grpc")
        .config(ConnectionConfig.builder().maxAttempts(1).build()).build());

    assertThat(again).isSameAs(existing);
    assertThat(again.type()).isNull();
    assertThat(brama.status("a").maxAttempts()).isEqualTo(10);
    assertThat(brama.status("a").failureCount()).isEqualTo(1);
    assertThat(brama.status("a").state()).isEqualTo(CircuitState.CLOSED);
  }

  // ---- the registry survives bad input ----

  @Test
  void afterBadInputTheRegistryStillWorksWithStateIntact() {
    List<BramaEvent> events = new CopyOnWriteArrayList<>();
    try (Brama b = Brama.builder().clock(clock).build()) {
      b.subscribe(EventFilter.of(EventType.REGISTERED, EventType.STATE_CHANGE,
          EventType.CONFIGURED, EventType.UNREGISTERED), events::add);
      b.register("x", Registration.builder()
          .config(ConnectionConfig.builder().maxAttempts(3).build()).build());
      b.failure("x", "one");
      b.failure("x", "two");
      ConnectionStatus before = b.status("x");

      assertThatThrownBy(() -> b.register("x"))
          .isInstanceOf(ConnectionAlreadyRegisteredException.class);
      assertThatThrownBy(() -> b.register("  ")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> b.register(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.register("y", null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.configure("x", null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.open("x", "r", Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> b.open("x", "r", null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.failure("ghost")).isInstanceOf(UnknownConnectionException.class);
      assertThatThrownBy(() -> b.open("ghost")).isInstanceOf(UnknownConnectionException.class);
      assertThatThrownBy(() -> b.call("x", null, ACTION)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> b.subscribe(null)).isInstanceOf(NullPointerException.class);

      assertThat(b.status("x")).isEqualTo(before);
      assertThat(b.isRegistered("y")).isFalse();
      assertThat(b.isRegistered("ghost")).isFalse();
      assertThat(b.statuses()).extracting(ConnectionStatus::id).containsExactly("x");

      // the counting goes on where it was: the third failure opens
      b.failure("x", "three");
      ConnectionStatus opened = b.status("x");
      assertThat(opened.state()).isEqualTo(CircuitState.OPEN);
      assertThat(opened.consecutiveOpens()).isEqualTo(1);
      assertThat(opened.lastFailureReason()).isEqualTo("three");

      // no bad input emitted an event or consumed a sequence number
      awaitUntil(() -> events.size() >= 2);
      assertThat(events).extracting(BramaEvent::type, BramaEvent::sequence)
          .containsExactly(
              tuple(EventType.REGISTERED, 1L),
              tuple(EventType.STATE_CHANGE, 2L));

      // and a new valid registration works
      b.register("y");
      assertThat(b.statuses()).extracting(ConnectionStatus::id).containsExactly("x", "y");
    }
  }
}
