package io.brama.mutation;

import io.brama.Brama;
import io.brama.BramaConfig;
import io.brama.BramaEvent;
import io.brama.BramaListener;
import io.brama.CircuitState;
import io.brama.EventFilter;
import io.brama.EventType;
import io.brama.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Set-up for the tests that kill PIT's surviving mutants: a Brama on a {@link HookClock} whose
 * events are delivered synchronously on the thread that caused them, and a recorder.
 */
final class MutationKit {
  static final Instant T0 = ManualClock.DEFAULT_START;
  /** Long enough that the sweeper never runs during a test unless a test asks for it. */
  static final Duration NO_SWEEP = Duration.ofHours(1);

  private MutationKit() {}

  /** A consecutive-policy config with the given threshold and fixed expiry, sweeper idle. */
  static BramaConfig.Builder config(int maxAttempts, Duration expiry) {
    return BramaConfig.builder().maxAttempts(maxAttempts).expiry(expiry).cleanupInterval(NO_SWEEP);
  }

  /** A Brama on {@code clock} delivering events on the calling thread. */
  static Brama brama(InstantSource clock, BramaConfig.Builder config) {
    return Brama.builder().config(config.build()).clock(clock).eventExecutor(Runnable::run).build();
  }

  /** Subscribes a recorder to {@code types} of every connection. */
  static Recorder record(Brama brama, EventType... types) {
    Recorder r = new Recorder();
    brama.subscribe(EventFilter.of(types), r);
    return r;
  }

  /**
   * A {@link ManualClock} that can run one action inside its next read by the arming thread: the
   * deterministic stand-in for another thread acting between two steps of an operation.
   */
  static final class HookClock implements InstantSource {
    final ManualClock manual;
    private volatile Runnable hook;
    private volatile Thread armedBy;

    HookClock() {
      this(T0);
    }

    HookClock(Instant start) {
      this.manual = new ManualClock(start);
    }

    /** Runs {@code action} inside the next clock read made by this thread (once). */
    void onNextRead(Runnable action) {
      armedBy = Thread.currentThread();
      hook = action;
    }

    boolean armed() {
      return hook != null;
    }

    void advance(Duration d) {
      manual.advance(d);
    }

    void set(Instant i) {
      manual.set(i);
    }

    @Override
    public Instant instant() {
      Runnable h = hook;
      if (h != null && Thread.currentThread() == armedBy) {
        hook = null;
        h.run();
      }
      return manual.instant();
    }
  }

  /** Collects events (delivered synchronously, or on the sweeper's thread). */
  static final class Recorder implements BramaListener {
    final List<BramaEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(BramaEvent event) {
      events.add(event);
    }

    List<BramaEvent> of(EventType type) {
      return events.stream().filter(e -> e.type() == type).toList();
    }

    /** "TYPE previous->new" per event, e.g. "STATE_CHANGE OPEN->HALF_OPEN" or "FAILURE ->OPEN". */
    List<String> moves() {
      return events.stream().map(MutationKit::move).toList();
    }

    void clear() {
      events.clear();
    }
  }

  static String move(BramaEvent e) {
    return e.type() + " " + name(e.previousState()) + "->" + name(e.newState());
  }

  private static String name(CircuitState s) {
    return s == null ? "" : s.name();
  }
}
