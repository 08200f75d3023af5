package io.brama;

import static io.brama.fixtures.TestBrama.T0;
import static io.brama.fixtures.TestBrama.WAIT;
import static io.brama.fixtures.TestBrama.awaitMarker;
import static io.brama.fixtures.TestBrama.awaitUntil;
import static io.brama.fixtures.TestBrama.config;
import static io.brama.fixtures.TestBrama.newBrama;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brama.fixtures.EventRecorder;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Rules S8, S23 and C2 (configure), Rules S24, N1, N2, N4, N5 and G4 (registry and unknown ids) and
 * Rule H3 (the background sweeper).
 */
class ConfigureAndRegistryTest {
  private final ManualClock clock = new ManualClock();
  private final EventRecorder rec = new EventRecorder();
  @AutoClose
  private Brama brama;

  private Brama brama(BramaConfig.Builder config) {
    brama = newBrama(clock, config);
    brama.subscribe(EventFilter.of(EventType.STATE_CHANGE, EventType.CONFIGURED,
        EventType.REGISTERED, EventType.UNREGISTERED), rec);
    return brama;
  }

  private Brama brama() {
    return brama(config(5, Duration.ofSeconds(10)));
  }

  // ---- Rules S8, S23 and C2 ----

  @Test
  void configureChangesOnlyWhatItSets() {
    Circuit c = brama().register("a", Registration.builder().config(ConnectionConfig.builder()
        .maxAttempts(4).halfOpenTrials(2).expiry(Duration.ofSeconds(30)).build()).build());
    ConnectionConfig cfg = ConnectionConfig.builder().maxAttempts(2).build();
    brama.configure("a", cfg);

    assertThat(c.status().maxAttempts()).isEqualTo(2);
    c.failure("f1");
    assertThat(c.state()).isEqualTo(CircuitState.CLOSED);
    c.failure("f2");
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusSeconds(30));    // expiry kept
    clock.set(T0.plusSeconds(30));
    assertThat(c.tryAcquire().granted()).isTrue();                // halfOpenTrials 2 kept
    assertThat(c.tryAcquire().granted()).isTrue();
    assertThat(c.tryAcquire().granted()).isFalse();

    // a second configure merges over the current values, not over the registration
    brama.configure("a", ConnectionConfig.builder().halfOpenTrials(3).build());
    assertThat(c.status().maxAttempts()).isEqualTo(2);
    assertThat(c.tryAcquire().granted()).isTrue();                // takes effect at once

    awaitUntil(() -> rec.types("a").stream()
        .filter(t -> t == EventType.CONFIGURED).count() == 2);
    BramaEvent configured = rec.of("a").stream().filter(e -> e.type() == EventType.CONFIGURED)
        .findFirst().orElseThrow();
    assertThat(configured.reason()).isSameAs(cfg);
    assertThat(configured.previousState()).isNull();
    assertThat(configured.newState()).isEqualTo(CircuitState.CLOSED);
    assertThat(configured.timestamp()).isEqualTo(T0);
  }

  @Test
  void configureChangesOnlyThatConnection() {
    brama();
    Circuit a = brama.register("a");
    Circuit b = brama.register("b");
    brama.configure("a", ConnectionConfig.builder().maxAttempts(1).build());
    assertThat(a.status().maxAttempts()).isEqualTo(1);
    assertThat(b.status().maxAttempts()).isEqualTo(5);
  }

  @Test
  void aLowerMaxAttemptsOpensAtOnce() {
    Circuit c = brama().register("a");
    c.failure("f1");
    c.failure("f2");
    c.failure("f3");
    brama.configure("a", ConnectionConfig.builder().maxAttempts(4).build());
    assertThat(c.status().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(c.status().failureCount()).isEqualTo(3);

    clock.advance(Duration.ofSeconds(2));
    ConnectionConfig lower = ConnectionConfig.builder().maxAttempts(3).build();
    brama.configure("a", lower);
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.maxAttempts()).isEqualTo(3);
    assertThat(s.failureCount()).isZero();
    assertThat(s.consecutiveOpens()).isEqualTo(1);
    assertThat(s.openedAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusSeconds(12));

    awaitUntil(() -> rec.types("a").size() == 4);
    assertThat(rec.types("a")).containsExactly(EventType.REGISTERED, EventType.CONFIGURED,
        EventType.CONFIGURED, EventType.STATE_CHANGE);
    List<BramaEvent> events = rec.of("a");
    assertThat(events.get(2).reason()).isSameAs(lower);
    BramaEvent open = events.get(3);
    assertThat(open.previousState()).isEqualTo(CircuitState.CLOSED);
    assertThat(open.newState()).isEqualTo(CircuitState.OPEN);
    assertThat(open.reason()).isEqualTo("f3");
    assertThat(open.timestamp()).isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void aNewExpiryAppliesFromTheNextOpenOnly() {
    Circuit c = brama().register("a", Registration.builder()
        .config(ConnectionConfig.builder().maxAttempts(1).build()).build());
    c.failure("f1");                                   // open until T0+10s
    brama.configure("a", ConnectionConfig.builder().expiry(Duration.ofSeconds(40)).build());
    ConnectionStatus s = c.status();
    assertThat(s.state()).isEqualTo(CircuitState.OPEN);
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusSeconds(10));

    clock.set(T0.plusSeconds(10).minusNanos(1));
    assertThat(c.available()).isFalse();
    clock.set(T0.plusSeconds(10));
    Permit trial = c.tryAcquire();
    assertThat(trial.granted()).isTrue();
    clock.advance(Duration.ofSeconds(1));
    trial.failure("still down");                       // the next open: 40 s
    s = c.status();
    assertThat(s.openedAt()).isEqualTo(T0.plusSeconds(11));
    assertThat(s.halfOpensAt()).isEqualTo(T0.plusSeconds(51));
  }

  @Test
  void configureOnAnUnknownIdThrows() {
    brama();
    assertThatThrownBy(() -> brama.configure("nope", ConnectionConfig.empty()))
        .isInstanceOf(UnknownConnectionException.class)
        .hasMessageContaining("nope");
  }

  // ---- Rules S24, N1, N2, N4, N5 and G4 ----

  @Test
  void everyPerIdMethodThrowsForAnUnknownId() {
    brama();
    Map<String, ThrowingCallable> ops = new LinkedHashMap<>();
    ops.put("circuit", () -> brama.circuit("x"));
    ops.put("available", () -> brama.available("x"));
    ops.put("tryAcquire", () -> brama.tryAcquire("x"));
    ops.put("success", () -> brama.success("x"));
    ops.put("failure", () -> brama.failure("x"));
    ops.put("failure(reason)", () -> brama.failure("x", "r"));
    ops.put("status", () -> brama.status("x"));
    ops.put("configure", () -> brama.configure("x", ConnectionConfig.empty()));
    ops.put("open", () -> brama.open("x"));
    ops.put("open(reason)", () -> brama.open("x", "r"));
    ops.put("open(duration)", () -> brama.open("x", "r", Duration.ofSeconds(1)));
    ops.put("reset", () -> brama.reset("x"));
    ops.put("reset(reason)", () -> brama.reset("x", "r"));
    ops.put("call", () -> brama.call("x", () -> 1));
    ops.put("call(handler)", () -> brama.call("x", ErrorHandler.defaults(), () -> 1));
    ops.put("run", () -> brama.run("x", () -> { }));
    ops.put("callAsync", () -> brama.callAsync("x", () -> CompletableFuture.completedFuture(1)));
    ops.put("callAsync(handler)", () -> brama.callAsync("x", ErrorHandler.defaults(),
        () -> CompletableFuture.completedFuture(1)));
    ops.forEach((name, op) -> assertThatThrownBy(op).as(name)
        .isInstanceOf(UnknownConnectionException.class)
        .hasMessageContaining("'x'")
        .hasMessageContaining("register it first"));

    assertThat(brama.unregister("x")).isFalse();
    assertThat(brama.isRegistered("x")).isFalse();
  }

  @Test
  void everyHandleMethodThrowsOnceTheIdIsUnregistered() {
    brama();
    Circuit c = brama.register("a");
    c.failure("f1");
    assertThat(brama.unregister("a")).isTrue();
    assertThat(brama.unregister("a")).isFalse();
    assertThat(brama.isRegistered("a")).isFalse();

    Map<String, ThrowingCallable> ops = new LinkedHashMap<>();
    ops.put("available", c::available);
    ops.put("tryAcquire", c::tryAcquire);
    ops.put("success", c::success);
    ops.put("failure", c::failure);
    ops.put("failure(reason)", () -> c.failure("r"));
    ops.put("state", c::state);
    ops.put("status", c::status);
    ops.put("call", () -> c.call(() -> 1));
    ops.forEach((name, op) -> assertThatThrownBy(op).as(name)
        .isInstanceOf(UnknownConnectionException.class)
        .hasMessageContaining("'a'")
        .hasMessageContaining("register it first"));
    assertThat(brama.statuses()).isEmpty();

    awaitUntil(() -> rec.types("a").contains(EventType.UNREGISTERED));
    BramaEvent gone = rec.of("a").get(rec.of("a").size() - 1);
    assertThat(gone.type()).isEqualTo(EventType.UNREGISTERED);
    assertThat(gone.newState()).isEqualTo(CircuitState.CLOSED);
    assertThat(gone.previousState()).isNull();
  }

  /**
   * Decided in {@link Circuit}'s Javadoc: the identity accessors of an unregistered handle keep
   * answering (so error handling can name it); every operation throws (test above).
   */
  @Test
  void theIdentityAccessorsOfAnUnregisteredHandleKeepAnswering() {
    brama();
    Circuit c = brama.register("a", Registration.builder().type("http").scope("pay").build());
    brama.unregister("a");
    assertThat(c.id()).isEqualTo("a");
    assertThat(c.type()).isEqualTo("http");
    assertThat(c.scope()).isEqualTo("pay");
  }

  @Test
  void aReRegisteredIdGetsANewHandleAndTheOldOneStaysDead() {
    brama();
    Circuit old = brama.register("a", Registration.builder().config(
        ConnectionConfig.builder().maxAttempts(1).build()).build());
    old.failure("f1");
    assertThat(old.state()).isEqualTo(CircuitState.OPEN);
    brama.unregister("a");

    Circuit fresh = brama.register("a");
    assertThat(fresh).isNotSameAs(old);
    assertThat(brama.circuit("a")).isSameAs(fresh);
    assertThat(fresh.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(fresh.status().lastFailureAt()).isNull();
    assertThat(fresh.status().maxAttempts()).isEqualTo(5);
    assertThatThrownBy(old::state).isInstanceOf(UnknownConnectionException.class);
    assertThatThrownBy(() -> old.failure("x")).isInstanceOf(UnknownConnectionException.class);
    assertThat(fresh.status().failureCount()).isZero();
  }

  @Test
  void aCallWhoseConnectionIsUnregisteredMidActionReturnsTheActionsOutcome() throws Exception {
    brama();
    Circuit c = brama.register("a");
    Integer result = brama.call("a", () -> {
      brama.unregister("a");
      return 42;
    });
    assertThat(result).isEqualTo(42);

    brama.register("b");
    IOException boom = new IOException("boom");
    assertThatThrownBy(() -> brama.call("b", () -> {
      brama.unregister("b");
      throw boom;
    })).isSameAs(boom);

    Circuit d = brama.register("d");
    assertThat(d.call(() -> {
      brama.unregister("d");
      return "handle";
    })).isEqualTo("handle");

    // a permit in flight completes silently too
    Circuit e = brama.register("e");
    Permit p = e.tryAcquire();
    brama.unregister("e");
    p.failure("late");
    p.success();
    p.ignore();
    assertThat(c).isNotNull();
  }

  @Test
  void registeringATakenIdThrowsAndRegisterIfAbsentReturnsTheExistingHandle() {
    brama();
    Circuit a = brama.register("a", Registration.builder().type("http").scope("s1").build());
    assertThatThrownBy(() -> brama.register("a"))
        .isInstanceOf(ConnectionAlreadyRegisteredException.class)
        .hasMessageContaining("a");

    Circuit again = brama.registerIfAbsent("a", Registration.builder().type("grpc").build());
    assertThat(again).isSameAs(a);
    assertThat(brama.status("a").type()).isEqualTo("http");
    assertThat(brama.status("a").scope()).isEqualTo("s1");

    Circuit b = brama.registerIfAbsent("b", Registration.builder().type("grpc").build());
    assertThat(brama.isRegistered("b")).isTrue();
    assertThat(b.type()).isEqualTo("grpc");
    assertThat(brama.circuit("b")).isSameAs(b);

    // exactly one REGISTERED per connection
    awaitUntil(() -> rec.types("b").contains(EventType.REGISTERED));
    awaitMarker(brama, "a", rec);
    assertThat(rec.types("a")).containsExactly(EventType.REGISTERED, EventType.CONFIGURED);
    assertThat(rec.of("a").get(0).sequence()).isEqualTo(1L);
  }

  @Test
  void statusesAreSortedByIdAndCarryTypeScopeAndMetadata() {
    brama();
    brama.register("charlie");
    brama.register("alpha", Registration.builder().type("http").scope("payments")
        .metadata(Map.of("url", "https://pay.example", "team", "core")).build());
    brama.register("bravo", Registration.builder().type(null).scope(null).build());
    brama.failure("bravo", null);

    List<ConnectionStatus> all = brama.statuses();
    assertThat(all).extracting(ConnectionStatus::id).containsExactly("alpha", "bravo", "charlie");
    ConnectionStatus alpha = all.get(0);
    assertThat(alpha.type()).isEqualTo("http");
    assertThat(alpha.scope()).isEqualTo("payments");
    assertThat(alpha.metadata()).containsExactlyInAnyOrderEntriesOf(
        Map.of("url", "https://pay.example", "team", "core"));
    assertThatThrownBy(() -> alpha.metadata().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    ConnectionStatus bravo = all.get(1);
    assertThat(bravo.type()).isNull();
    assertThat(bravo.scope()).isNull();
    assertThat(bravo.metadata()).isEmpty();
    assertThat(bravo.failureCount()).isEqualTo(1);
    assertThat(bravo.lastFailureReason()).isNull();
    assertThat(all.get(2).metadata()).isEmpty();

    Circuit a = brama.circuit("alpha");
    assertThat(a.id()).isEqualTo("alpha");
    assertThat(a.type()).isEqualTo("http");
    assertThat(a.scope()).isEqualTo("payments");
    assertThat(brama.status("alpha")).isEqualTo(alpha);

    brama.unregister("bravo");
    assertThat(brama.statuses()).extracting(ConnectionStatus::id)
        .containsExactly("alpha", "charlie");

    awaitUntil(() -> !rec.of("alpha").isEmpty());
    BramaEvent registered = rec.of("alpha").get(0);
    assertThat(registered.type()).isEqualTo(EventType.REGISTERED);
    assertThat(registered.connectionType()).isEqualTo("http");
    assertThat(registered.scope()).isEqualTo("payments");
    assertThat(registered.newState()).isEqualTo(CircuitState.CLOSED);
    assertThat(registered.timestamp()).isEqualTo(T0);
  }

  // ---- Rule H3: the sweeper ----

  @Test
  void withoutTrafficTheSweeperMovesAnExpiredCircuitToHalfOpen() {
    brama(config(1, Duration.ofSeconds(10)).cleanupInterval(Duration.ofMillis(20)));
    brama.register("a");
    clock.advance(Duration.ofSeconds(3));
    brama.failure("a", "down");
    Instant halfOpensAt = brama.status("a").halfOpensAt();
    assertThat(halfOpensAt).isEqualTo(T0.plusSeconds(13));

    clock.set(halfOpensAt.plusSeconds(4));             // past the expiry; nobody calls
    awaitUntil(() -> rec.of("a").stream()
        .anyMatch(e -> e.newState() == CircuitState.HALF_OPEN));
    BramaEvent halfOpen = rec.of("a").stream()
        .filter(e -> e.newState() == CircuitState.HALF_OPEN).findFirst().orElseThrow();
    assertThat(halfOpen.type()).isEqualTo(EventType.STATE_CHANGE);
    assertThat(halfOpen.previousState()).isEqualTo(CircuitState.OPEN);
    assertThat(halfOpen.timestamp()).isEqualTo(halfOpensAt);
    assertThat(brama.status("a").state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(brama.status("a").halfOpensAt()).isEqualTo(halfOpensAt);
  }

  @Test
  void theSweeperDoesNothingBeforeTheExpiry() {
    brama(config(1, Duration.ofSeconds(10)).cleanupInterval(Duration.ofMillis(20)));
    brama.register("a");
    brama.failure("a", "down");
    clock.set(T0.plusSeconds(10).minusNanos(1));
    // the sweeper (every 20 ms) gets many chances and must move nothing
    await().during(Duration.ofMillis(200)).atMost(WAIT)
        .until(() -> rec.of("a").stream().noneMatch(e -> e.newState() == CircuitState.HALF_OPEN));
    awaitMarker(brama, "a", rec);
    assertThat(rec.types("a")).containsExactly(EventType.REGISTERED, EventType.STATE_CHANGE,
        EventType.CONFIGURED);
  }
}
