package io.brama.stress;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.BramaListener;
import io.brama.Circuit;
import io.brama.ConnectionConfig;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.ExpiryStrategy;
import io.brama.Registration;
import io.brama.Subscription;
import io.brama.fixtures.TestBrama;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Brama shared by every history of a kind (a Brama per history would leave a timer thread per
 * history): each history registers a fresh connection and unregisters its predecessor's. Events are
 * delivered synchronously; the sweeper never runs during a test (cleanup interval one day).
 */
final class Fixture {
  private static final class Loud {
    static final Fixture INSTANCE = new Fixture(true);
  }

  private static final class Quiet {
    static final Fixture INSTANCE = new Fixture(false);
  }

  /** Subscribed to every event type: SUCCESS, FAILURE and REJECTED are built and counted. */
  static Fixture loud() {
    return Loud.INSTANCE;
  }

  /** Subscribed to control events only: the allocation-free fast paths are taken. */
  static Fixture quiet() {
    return Quiet.INSTANCE;
  }

  final ManualClock clock = new ManualClock();
  final Brama brama;
  final boolean perCallEvents;
  private final AtomicLong ids = new AtomicLong();
  private CircuitLinTest current;

  private Fixture(boolean perCallEvents) {
    this.perCallEvents = perCallEvents;
    this.brama = TestBrama.direct(clock, BramaConfig.builder()
        .maxAttempts(CircuitModel.MAX_ATTEMPTS)
        .expiryStrategy(ExpiryStrategy.progressive(
            Duration.ofMillis(CircuitModel.INITIAL_EXPIRY_MS),
            Duration.ofMillis(CircuitModel.MAX_EXPIRY_MS), 2.0))
        .cleanupInterval(Duration.ofDays(1)));
  }

  String nextId() {
    return "c" + ids.incrementAndGet();
  }

  Subscription subscribe(String id, BramaListener listener) {
    EventFilter filter = perCallEvents ? EventFilter.all()
        : EventFilter.of(EventType.REGISTERED, EventType.STATE_CHANGE, EventType.CONFIGURED,
            EventType.UNREGISTERED);
    return brama.subscribe(filter.connection(id), listener);
  }

  synchronized Circuit register(String id, int halfOpenTrials, CircuitLinTest owner) {
    CircuitLinTest previous = current;
    current = owner;
    if (previous != null) {
      previous.dispose();
    }
    return brama.register(id, Registration.builder()
        .config(ConnectionConfig.builder().halfOpenTrials(halfOpenTrials).build()).build());
  }
}
