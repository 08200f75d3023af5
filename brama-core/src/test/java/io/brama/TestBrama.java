package io.brama;

import static org.awaitility.Awaitility.await;

import io.brama.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

/** Set-up shared by the tests: a Brama on a {@link ManualClock}, and a recorder of its events. */
final class TestBrama {
  /** The instant every new {@link ManualClock} starts at. */
  static final Instant T0 = ManualClock.DEFAULT_START;
  /** How long a test waits for events delivered on the event threads. */
  static final Duration WAIT = Duration.ofSeconds(5);

  private TestBrama() {
  }

  /** A config builder with the given maxAttempts and fixed expiry, for further settings. */
  static BramaConfig.Builder config(int maxAttempts, Duration expiry) {
    return BramaConfig.builder().maxAttempts(maxAttempts).expiry(expiry);
  }

  /** A Brama on {@code clock} with the default (asynchronous) event executor. */
  static Brama newBrama(ManualClock clock, BramaConfig.Builder config) {
    return Brama.builder().config(config.build()).clock(clock).build();
  }

  static Brama newBrama(ManualClock clock, int maxAttempts, Duration expiry) {
    return newBrama(clock, config(maxAttempts, expiry));
  }

  /** Waits at most {@link #WAIT} until {@code condition} holds. */
  static void awaitUntil(Callable<Boolean> condition) {
    await().atMost(WAIT).until(condition);
  }

  /**
   * Emits a CONFIGURED event for {@code id} (always emitted, in sequence) and waits until
   * {@code rec} has it: every event posted before it has arrived too.
   */
  static void awaitMarker(Brama brama, String id, Recorder rec) {
    brama.configure(id, ConnectionConfig.empty());
    awaitUntil(() -> rec.types(id).contains(EventType.CONFIGURED));
  }

  /** Collects the events it receives on the event threads; the test thread may read them. */
  static final class Recorder implements BramaListener {
    final List<BramaEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(BramaEvent event) {
      events.add(event);
    }

    List<BramaEvent> of(EventType type) {
      return events.stream().filter(e -> e.type() == type).toList();
    }

    List<BramaEvent> of(String connection) {
      return events.stream().filter(e -> e.connection().equals(connection)).toList();
    }

    List<EventType> types() {
      return events.stream().map(BramaEvent::type).toList();
    }

    List<EventType> types(String connection) {
      return of(connection).stream().map(BramaEvent::type).toList();
    }
  }
}
